import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownActor } from '../domain/suggestion';
import { formatReport, loadSeeds, runEvaluation } from './eval-coding';
import { bars, evaluateGold, evaluateSeeds, type GoldItem, type KeyRecord } from './measures';

const ACTORS: KnownActor[] = [
  {
    id: 'dmitry-peskov',
    name: 'Dmitry Peskov',
    aliases: ['Peskov'],
    titles: ['Kremlin spokesman'],
  },
  { id: 'sergey-lavrov', name: 'Sergey Lavrov', aliases: ['Lavrov'], titles: [] },
  { id: 'usa', name: 'United States', aliases: ['Washington'], titles: [] },
  { id: 'nato', name: 'North Atlantic Treaty Organization', aliases: ['NATO'], titles: [] },
];

// An article written for this test, in the shape of a seed: its title opens the text.
const TITLE = 'Talks on the Black Sea';
const ARTICLE = `${TITLE}\n\nKremlin spokesman Dmitry Peskov said on Monday: "We are ready to talk to Washington." Lavrov told reporters on Tuesday: "Any deployment of NATO troops would be unacceptable."\n`;

const record = (id: string, fields: Partial<KeyRecord>): KeyRecord => ({
  id,
  kind: 'statement',
  source: 'dmitry-peskov',
  target: 'usa',
  occurredAt: '2025-06-09T12:00:00Z',
  citation: { title: TITLE, publishedAt: '2025-06-11T09:00:00Z' },
  ...fields,
});

const KEY: KeyRecord[] = [
  record('r1', { quote: 'We are ready to talk to Washington', code: '036' }),
  record('r2', {
    kind: 'threat',
    source: 'sergey-lavrov',
    target: 'nato',
    occurredAt: '2025-06-10T12:00:00Z',
    quote: 'Any deployment of NATO troops would be unacceptable',
    code: '138',
  }),
  // A record whose words the article does not carry: it can only be missed.
  record('r3', { quote: 'a quote that is not in the article' }),
  // A record of another article: it must not count against this one.
  record('r4', { quote: 'elsewhere', citation: { title: 'Another article' } }),
];

describe('evaluation of the seed articles', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'parley-eval-'));
    writeFileSync(join(folder, 'black-sea.txt'), ARTICLE);
    writeFileSync(join(folder, 'unrelated.txt'), 'A text no record was coded from.');
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('pairs each article with its own records by the title that opens it, and skips the rest', () => {
    const articles = loadSeeds(folder, KEY);
    expect(articles.map((a) => a.file)).toEqual(['black-sea.txt']);
    expect(articles[0]?.records.map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect(articles[0]?.publishedAt).toBe('2025-06-11T09:00:00Z');
  });

  it('counts quotes found with the exact span and the right speaker, and the false ones', () => {
    const result = evaluateSeeds(loadSeeds(folder, KEY), ACTORS);
    const byName = Object.fromEntries(result.measures.map((m) => [m.name, m]));
    expect(byName['quote exact + speaker']).toMatchObject({ truth: 3, correct: 2, recall: 0.667 });
    expect(byName['kind']).toMatchObject({ correct: 2 });
    expect(byName['CAMEO root, top 3']).toMatchObject({ correct: 2 });
    expect(byName['date (day)']).toMatchObject({ truth: 3, correct: 2 });
    expect(result.articles[0]).toMatchObject({ records: 3, exactAndSpeaker: 2 });
    // Two of three records found: the seed bar (90%) is reported missed, not hidden.
    const seedBar = bars(result, evaluateGold([], ACTORS)).find((b) =>
      b.name.startsWith('seeds: quotes'),
    );
    expect(seedBar).toMatchObject({ value: 0.667, met: false });
  });
});

describe('evaluation of the gold set', () => {
  const item = (fields: Partial<GoldItem>): GoldItem => ({
    id: 'g',
    text: '',
    source: 'sergey-lavrov',
    target: 'nato',
    kind: 'threat',
    cameoRoot: '13',
    publishedAt: '2025-06-11T09:00:00Z',
    ...fields,
  });

  it('scores speaker, kind and CAMEO root of the candidate that quotes each sentence', () => {
    const result = evaluateGold(
      [
        item({
          id: 'g1',
          text: '"Any deployment of NATO troops would be unacceptable," Lavrov said.',
          quote: 'Any deployment of NATO troops would be unacceptable',
        }),
        // Coded as a statement on purpose: the suggester's threat is then a miss.
        item({
          id: 'g2',
          kind: 'statement',
          text: '"NATO troops will become legitimate targets," Lavrov said.',
          quote: 'NATO troops will become legitimate targets',
        }),
      ],
      ACTORS,
    );
    const byName = Object.fromEntries(result.measures.map((m) => [m.name, m]));
    expect(byName['speaker (source)']).toMatchObject({ truth: 2, correct: 2, recall: 1 });
    expect(byName['kind']).toMatchObject({ truth: 2, correct: 1, recall: 0.5 });
    expect(result.classifyOnly.find((m) => m.name === 'kind (classify alone)')?.recall).toBe(0.5);
  });

  it('evaluates the committed gold set alone when no seed folder is given, and says so', () => {
    const report = runEvaluation(undefined);
    expect(report.seeds).toEqual({ skipped: 'no seed folder given' });
    expect(report.gold.items).toBeGreaterThanOrEqual(120);
    const text = formatReport(report);
    expect(text).toContain('Seed articles: skipped (no seed folder given)');
    expect(text).toMatch(/\| gold: kind accuracy \| [\d.]+% \| ≥ 80% \| (yes|no) \|/);
  });
});
