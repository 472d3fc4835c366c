import type { CandidateRecord, KnownActor } from '../domain/suggestion';
import { suggestArticle } from './suggest-article';

// A small directory in the shape of data/sample/actors.ndjson, plus one invented actor
// known only by a title the article uses.
const ACTORS: KnownActor[] = [
  {
    id: 'rus',
    name: 'Russian Federation',
    aliases: ['Russia', 'Moscow'],
    titles: [],
    kind: 'state',
  },
  {
    id: 'usa',
    name: 'United States of America',
    aliases: ['United States', 'US', 'Washington'],
    titles: [],
    kind: 'state',
  },
  { id: 'ukr', name: 'Ukraine', aliases: ['Kyiv'], titles: [], kind: 'state' },
  {
    id: 'kremlin',
    name: 'Kremlin (Presidential Executive Office of Russia)',
    aliases: ['the Kremlin'],
    titles: [],
    kind: 'office',
  },
  {
    id: 'donald-trump',
    name: 'Donald Trump',
    aliases: ['Trump', 'President Trump'],
    titles: [],
    kind: 'person',
  },
  { id: 'dmitry-peskov', name: 'Dmitry Peskov', aliases: ['Peskov'], titles: [], kind: 'person' },
  {
    id: 'sergey-lavrov',
    name: 'Sergey Lavrov',
    aliases: ['Lavrov'],
    titles: [],
    kind: 'person',
    affiliations: ['rus'],
  },
  {
    id: 'dmitry-medvedev',
    name: 'Dmitry Medvedev',
    aliases: ['Medvedev'],
    titles: [],
    kind: 'person',
  },
  {
    id: 'volodymyr-zelensky',
    name: 'Volodymyr Zelensky',
    aliases: ['Zelensky'],
    titles: [],
    kind: 'person',
  },
  {
    id: 'ana-ruiz',
    name: 'Ana Ruiz',
    aliases: [],
    titles: ['the Freedonian envoy'],
    kind: 'person',
  },
];

// Published on Wednesday 16 July 2025, so "on Sunday" is the 13th.
const PUBLISHED = '2025-07-16T09:00:00Z';

function suggest(text: string, publishedAt: string | undefined = PUBLISHED): CandidateRecord[] {
  return suggestArticle(publishedAt ? { text, publishedAt } : { text }, ACTORS);
}

function only(text: string, quote: string): CandidateRecord {
  const found = suggest(text).filter((c) => c.quote.text === quote);
  expect(found).toHaveLength(1);
  return found[0] as CandidateRecord;
}

describe('suggestArticle', () => {
  it('finds a direct quote, its speaker after it and the day it was said', () => {
    const text =
      'Talks stalled again.\n“We will not accept foreign troops anywhere in Ukraine,” Lavrov said on Sunday, speaking in Minsk.';
    const c = only(text, 'We will not accept foreign troops anywhere in Ukraine');
    expect(c.quote.reported).toBe(false);
    expect(text.slice(c.quote.start, c.quote.end)).toBe(c.quote.text);
    expect(text.slice(c.sentence.start, c.sentence.end)).toBe(c.sentence.text);
    expect(c.speaker.resolved?.actorId).toBe('sergey-lavrov');
    expect(c.target.resolved?.actorId).toBe('ukr');
    expect(c.date).toMatchObject({ precision: 'day', span: { text: 'on Sunday' } });
    expect(c.date?.occurredAt.slice(0, 10)).toBe('2025-07-13');
  });

  it('gives both halves of a quote split by its attribution to the same speaker', () => {
    const text = '“We will respond,” Peskov said, “with everything we have.”';
    const found = suggest(text);
    expect(found.map((c) => c.quote.text)).toEqual(['We will respond', 'with everything we have']);
    expect(found.map((c) => c.speaker.resolved?.actorId)).toEqual([
      'dmitry-peskov',
      'dmitry-peskov',
    ]);
  });

  it('takes the attributed clause of reported speech, with the speaker named by a role', () => {
    const text = 'The Kremlin spokesman said that Moscow remained open to talks with Washington.';
    const c = only(text, 'Moscow remained open to talks with Washington');
    expect(c.quote.reported).toBe(true);
    expect(c.speaker.resolved?.actorId).toBe('dmitry-peskov');
    expect(c.target.resolved?.actorId).toBe('usa');
  });

  it('reads denials and "according to" as reported speech', () => {
    const text =
      'The Kremlin denied that its troops had crossed the border.\nAccording to Lavrov, the talks in Istanbul failed because of Kyiv.';
    const denial = only(text, 'its troops had crossed the border');
    expect(denial.speaker.resolved?.actorId).toBe('kremlin');
    const according = only(text, 'the talks in Istanbul failed because of Kyiv');
    expect(according.speaker.resolved?.actorId).toBe('sergey-lavrov');
    expect(according.target.resolved?.actorId).toBe('ukr');
  });

  it('resolves "he" to the last named person of the paragraph, not of the article', () => {
    const text =
      'Medvedev spoke first.\nZelensky met European leaders in Kyiv on Monday. He said that Ukraine would never trade its land for peace with Russia.';
    const c = only(text, 'Ukraine would never trade its land for peace with Russia');
    expect(c.speaker.resolved?.actorId).toBe('volodymyr-zelensky');
    expect(c.speaker.span?.text).toBe('He');
    expect(c.speaker.how).toMatch(/pronoun/);
  });

  it('resolves a title the directory gives an actor', () => {
    const text = '“The corridor must stay open,” the Freedonian envoy told reporters.';
    expect(only(text, 'The corridor must stay open').speaker.resolved?.actorId).toBe('ana-ruiz');
  });

  it('keeps an unknown speaker as unresolved words', () => {
    const text = '“The sanctions are finally working,” a senior European diplomat said.';
    const c = only(text, 'The sanctions are finally working');
    expect(c.speaker.resolved).toBeNull();
    expect(c.speaker.span?.text).toBe('a senior European diplomat');
  });

  it('codes an act clause with what it threatens and when', () => {
    const text = 'Trump threatened a 50% tariff against Russia in March, but later backed down.';
    const c = only(text, 'Trump threatened a 50% tariff against Russia in March');
    expect(c.speaker.resolved?.actorId).toBe('donald-trump');
    expect(c.target.resolved?.actorId).toBe('rus');
    expect(c.date).toMatchObject({ precision: 'month' });
    expect(c.date?.occurredAt.slice(0, 7)).toBe('2025-03');
  });

  it('offers a short quoted phrase said by someone but skips scare quotes', () => {
    const text =
      'The so-called “peace plan” was discussed at length.\nMedvedev dismissed the plan as “utter nonsense” on Tuesday.';
    expect(suggest(text).map((c) => c.quote.text)).toEqual(['utter nonsense']);
    expect(only(text, 'utter nonsense').speaker.resolved?.actorId).toBe('dmitry-medvedev');
  });

  it('handles straight quotes and a quotation of several sentences', () => {
    const text = '"Enough is enough. We are done waiting," Medvedev wrote.';
    expect(only(text, 'Enough is enough. We are done waiting').speaker.resolved?.actorId).toBe(
      'dmitry-medvedev',
    );
  });

  it('dates from the publication day when the sentence names no date, and not at all without one', () => {
    const text = '“Our door remains open to Washington,” Peskov said.';
    expect(only(text, 'Our door remains open to Washington').date).toMatchObject({
      occurredAt: PUBLISHED,
      precision: 'day',
      basis: 'publication date',
      span: null,
    });
    expect(suggestArticle({ text }, ACTORS)[0]?.date).toBeNull();
  });

  it('keeps keys stable across runs and distinct between quotes', () => {
    const text = '“We will respond,” Peskov said, “with everything we have.”';
    const first = suggest(text).map((c) => c.key);
    expect(suggest(text).map((c) => c.key)).toEqual(first);
    expect(new Set(first).size).toBe(2);
    first.forEach((key) => expect(key).toMatch(/^[0-9a-f]{24}$/));
    expect(suggest(`${text} `).map((c) => c.key)).not.toEqual(first);
  });

  it('keeps every offset exact and order by position in a longer article', () => {
    const paragraph =
      'Lavrov warned the coalition against sending troops, calling the idea “reckless and dangerous.” “We will respond,” Peskov said. Trump said that the United States would decide within two weeks.';
    const text = Array.from({ length: 40 }, () => paragraph).join('\n');
    const found = suggest(text);
    expect(found.length).toBeGreaterThanOrEqual(120);
    for (const c of found) {
      expect(text.slice(c.quote.start, c.quote.end)).toBe(c.quote.text);
      expect(text.slice(c.sentence.start, c.sentence.end)).toBe(c.sentence.text);
    }
    const starts = found.map((c) => c.quote.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('takes what was said after a bare "said", and what was urged', () => {
    const text =
      'Lavrov said the talks with Kyiv had stalled.\nZelensky urged Washington to send more air defence systems.';
    const said = only(text, 'the talks with Kyiv had stalled');
    expect(said).toMatchObject({ quote: { reported: true } });
    expect(said.speaker.resolved?.actorId).toBe('sergey-lavrov');
    const urged = only(text, 'Washington to send more air defence systems');
    expect(urged.speaker.resolved?.actorId).toBe('volodymyr-zelensky');
    expect(urged.target.resolved?.actorId).toBe('usa');
  });

  it("looks past the speaker's own state for a target, and reads a state's adjective", () => {
    const text = 'Lavrov said that Russia would never bow to American pressure.';
    const c = only(text, 'Russia would never bow to American pressure');
    expect(c.target.resolved?.actorId).toBe('usa');
    expect(c.target.span?.text).toBe('American');
  });

  it('dates from the sentence before in the paragraph, a bare weekday being the last one', () => {
    // Published on a Wednesday: "on Thursday" is the Thursday before, 10 July.
    const text = 'Lavrov spoke in Minsk on Thursday. He said that Moscow was ready for talks.';
    const c = only(text, 'Moscow was ready for talks');
    expect(c.speaker.resolved?.actorId).toBe('sergey-lavrov');
    expect(c.date?.occurredAt.slice(0, 10)).toBe('2025-07-10');
    expect(c.date?.basis).toMatch(/sentence before/);
  });

  it("reads the next sentence's pronoun as this sentence's subject, not its object", () => {
    const text = 'Lavrov met Zelensky in Minsk. He said that the talks had been useful.';
    expect(only(text, 'the talks had been useful').speaker.resolved?.actorId).toBe('sergey-lavrov');
  });

  it('resolves a title several actors hold to the one named last, listing the others', () => {
    const presidents = ACTORS.map((a) =>
      a.id === 'donald-trump' || a.id === 'volodymyr-zelensky'
        ? { ...a, titles: ['president'] }
        : a,
    );
    const text =
      'Trump spoke first. Zelensky arrived later.\n“We need more air defence,” the president said.';
    const found = suggestArticle({ text, publishedAt: PUBLISHED }, presidents);
    const c = found.find((f) => f.quote.text === 'We need more air defence');
    expect(c?.speaker.resolved?.actorId).toBe('volodymyr-zelensky');
    expect(c?.speaker.candidates.map((k) => k.actorId)).toEqual([
      'volodymyr-zelensky',
      'donald-trump',
    ]);
    expect(c?.speaker.resolved?.score).toBeLessThan(0.9);
  });

  it('takes the example of an act introduced by "like" or "such as" as the quote', () => {
    const text =
      'Lavrov went further, proposing tough countermeasures, such as closing Russian airspace to carriers from Ukraine until the talks resume.';
    const c = only(
      text,
      'closing Russian airspace to carriers from Ukraine until the talks resume',
    );
    expect(c.quote.reported).toBe(true);
    expect(c.speaker.resolved?.actorId).toBe('sergey-lavrov');
    expect(c.target.resolved?.actorId).toBe('ukr');
  });

  it('reads "his statements about X and Y with Z" as the part that concerns another actor', () => {
    const text =
      'Zelensky spent the week abroad. His repeated remarks about air defence and new talks with Moscow worried allies.';
    const found = suggest(text);
    expect(found.map((c) => c.quote.text)).toEqual(['new talks with Moscow']);
    const c = found[0] as CandidateRecord;
    expect(c.speaker.resolved?.actorId).toBe('volodymyr-zelensky');
    expect(c.speaker.span?.text).toBe('His');
    expect(c.target.resolved?.actorId).toBe('rus');
  });

  it("takes a sentence about an actor's rhetoric and policies as that actor's stance", () => {
    const text =
      '• Pressure on Kyiv: Medvedev’s rhetoric and policies regularly deride Ukraine and question its right to exist.3\nPeskov’s remarks align with the official line.';
    const found = suggest(text);
    const c = only(
      text,
      'Medvedev’s rhetoric and policies regularly deride Ukraine and question its right to exist.',
    );
    expect(c.speaker.resolved?.actorId).toBe('dmitry-medvedev');
    expect(c.target.resolved?.actorId).toBe('ukr');
    // A comparison with someone else's line is not a stance of its own.
    expect(found.filter((f) => f.quote.text.startsWith('Peskov’s remarks'))).toEqual([]);
  });

  it('suggests nothing for an empty text or one without quotes or acts', () => {
    expect(suggest('')).toEqual([]);
    expect(suggest('The weather in Kyiv was mild for the season.')).toEqual([]);
  });
});
