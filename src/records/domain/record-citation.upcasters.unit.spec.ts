import {
  parseV1Citation,
  recordCorrectedV1ToV2,
  recordCreatedV1ToV2,
} from './record-citation.upcasters';

const URL = 'https://www.reuters.com/world/europe/kremlin-says-putin-open-contacts-2025-03-31/';

describe('parseV1Citation', () => {
  it('reads outlet and title from two parts', () => {
    expect(parseV1Citation('TASS | Kremlin rejects claims of stalling')).toEqual({
      outlet: 'TASS',
      title: 'Kremlin rejects claims of stalling',
    });
  });

  it('reads the url from a third part', () => {
    expect(parseV1Citation(`Reuters | Kremlin says Putin open to contacts | ${URL}`)).toEqual({
      outlet: 'Reuters',
      title: 'Kremlin says Putin open to contacts',
      url: URL,
    });
  });

  it('reads publishedAt from a fourth part', () => {
    expect(
      parseV1Citation(
        `Reuters | Kremlin says Putin open to contacts | ${URL} | 2025-03-31T10:20:00Z`,
      ),
    ).toEqual({
      outlet: 'Reuters',
      title: 'Kremlin says Putin open to contacts',
      url: URL,
      publishedAt: '2025-03-31T10:20:00Z',
    });
  });

  it('reads an empty url part as no url', () => {
    expect(
      parseV1Citation('Interfax | Putin open to contacts |  | 2025-03-31T10:20:00+03:00'),
    ).toEqual({
      outlet: 'Interfax',
      title: 'Putin open to contacts',
      publishedAt: '2025-03-31T10:20:00+03:00',
    });
  });

  it('reads trailing empty parts as absent fields', () => {
    expect(parseV1Citation('TASS | Kremlin rejects claims |  | ')).toEqual({
      outlet: 'TASS',
      title: 'Kremlin rejects claims',
    });
  });

  it('keeps a bar without the spaces around it inside the title', () => {
    expect(parseV1Citation('Meduza | Peskov|Ushakov briefing')).toEqual({
      outlet: 'Meduza',
      title: 'Peskov|Ushakov briefing',
    });
  });

  // Version 1 never allowed " | " in a title; a string that has one is refused, not guessed at.
  it('refuses a title with the separator in it that makes more than four parts', () => {
    expect(() =>
      parseV1Citation(`Reuters | Trump | Putin call | ${URL} | 2025-03-31T10:20:00Z`),
    ).toThrow(/5 parts/);
  });

  it('refuses a title with the separator in it that pushes words into the url part', () => {
    expect(() => parseV1Citation('Reuters | Trump | Putin call')).toThrow(/where its url goes/);
  });

  it('refuses a publishedAt part that is not a date-time', () => {
    expect(() => parseV1Citation(`Reuters | Title | ${URL} | yesterday`)).toThrow(
      /where its publishedAt goes/,
    );
  });

  it('refuses a string without an outlet and a title', () => {
    expect(() => parseV1Citation('Reuters')).toThrow(/outlet and a title/);
    expect(() => parseV1Citation(' | Title')).toThrow(/outlet and a title/);
    expect(() => parseV1Citation('Reuters |  | ' + URL)).toThrow(/outlet and a title/);
  });
});

describe('recordCreatedV1ToV2', () => {
  const v1 = {
    recordId: '3f2c9a4e-6b1d-4e8a-9c7f-1a2b3c4d5e03',
    kind: 'denial',
    source: 'dmitry-peskov',
    target: 'donald-trump',
    occurredAt: '2025-03-31T09:40:00Z',
    precision: 'instant',
    quote: 'There are no grounds to say that Moscow is dragging out the process.',
    citation: `TASS | Kremlin rejects claims | ${URL}`,
    topics: ['ceasefire'],
    denial: { claim: 'that Russia is dragging out the talks' },
  };

  it('splits the citation string and leaves every other field, in its place', () => {
    const v2 = recordCreatedV1ToV2(v1);
    expect(v2).toEqual({
      ...v1,
      citation: { outlet: 'TASS', title: 'Kremlin rejects claims', url: URL },
    });
    expect(Object.keys(v2)).toEqual(Object.keys(v1));
  });

  it('does not change the data it was given', () => {
    const copy = structuredClone(v1);
    recordCreatedV1ToV2(v1);
    expect(v1).toEqual(copy);
  });

  // Every event was labelled 1 before versions were told apart, whatever its shape.
  it('passes a citation that is already an object', () => {
    const labelledOne = { ...v1, citation: { outlet: 'TASS', title: 'Kremlin rejects claims' } };
    expect(recordCreatedV1ToV2(labelledOne)).toEqual(labelledOne);
  });

  it('refuses data without a citation', () => {
    const { citation: _citation, ...without } = v1;
    expect(() => recordCreatedV1ToV2(without)).toThrow(/citation/);
    expect(() => recordCreatedV1ToV2('not an object')).toThrow(/not an object/);
  });
});

describe('recordCorrectedV1ToV2', () => {
  const recordId = '3f2c9a4e-6b1d-4e8a-9c7f-1a2b3c4d5e01';

  it('turns a citation string into a citation object that replaces the whole citation', () => {
    expect(
      recordCorrectedV1ToV2({
        recordId,
        changes: { tone: -7, citation: `NBC News | Trump is 'pissed off' at Putin | ${URL}` },
        reason: 'The headline as published',
      }),
    ).toEqual({
      recordId,
      changes: {
        tone: -7,
        citation: {
          outlet: 'NBC News',
          title: "Trump is 'pissed off' at Putin",
          url: URL,
          publishedAt: null,
        },
      },
      reason: 'The headline as published',
    });
  });

  it('removes both optional fields for a citation string of outlet and title', () => {
    const v2 = recordCorrectedV1ToV2({
      recordId,
      changes: { citation: 'NBC News | Trump on Putin' },
      reason: 'Wrong outlet',
    });
    expect(v2.changes).toEqual({
      citation: { outlet: 'NBC News', title: 'Trump on Putin', url: null, publishedAt: null },
    });
  });

  it('passes a correction that does not change the citation, or changes it as an object', () => {
    const toneOnly = { recordId, changes: { tone: 2 }, reason: 'Read again' };
    const asObject = { recordId, changes: { citation: { url: URL } }, reason: 'Link' };
    expect(recordCorrectedV1ToV2(toneOnly)).toEqual(toneOnly);
    expect(recordCorrectedV1ToV2(asObject)).toEqual(asObject);
  });

  it('refuses a correction without changes', () => {
    expect(() => recordCorrectedV1ToV2({ recordId, reason: 'nothing' })).toThrow(/changes/);
  });
});
