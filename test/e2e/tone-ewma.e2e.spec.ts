import { startTestApp, type TestApp } from '../support/app';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import { bucketAt, getTone } from '../support/reads';

/*
 * The weighted line covers every record up to the bucket's end, however old: a bucket's
 * `ewma` must not depend on where the request's range starts. The reference below is
 * the definition written out (Σ v·2^(t/h) / Σ 2^(t/h) over the records before the
 * bucket's end), sharing no code with parley.
 */

const DAY = 86_400_000;

interface Point {
  readonly at: string;
  readonly intensity: number;
  readonly tone: number;
}

function referenceEwma(
  points: readonly Point[],
  endMs: number,
  halfLifeMs: number,
  measure: 'intensity' | 'tone',
): number | null {
  const before = points.filter((p) => Date.parse(p.at) < endMs);
  if (before.length === 0) return null;
  // Weights relative to the latest record, so that nothing overflows; a record
  // thousands of half-lives older weighs 2^-thousands, which is 0 in a double.
  const latest = Math.max(...before.map((p) => Date.parse(p.at)));
  let weighted = 0;
  let total = 0;
  for (const p of before) {
    const weight = 2 ** ((Date.parse(p.at) - latest) / halfLifeMs);
    weighted += weight * p[measure];
    total += weight;
  }
  return Math.round((weighted / total) * 1000) / 1000;
}

describe('the tone view: ewma over every record up to the bucket end', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a bucket the same ewma whatever the range starts at, including records many half-lives before it', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    // Denials (intensity −2) and a statement (0): the 2018 denial is thousands of
    // half-lives before the range; the two September records, 100-odd half-lives before
    // `from` and a day apart, carry the only weight that counts in January.
    const points: Point[] = [
      { at: '2018-03-01T12:00:00Z', intensity: -2, tone: -9 },
      { at: '2024-09-01T12:00:00Z', intensity: -2, tone: -6 },
      { at: '2024-09-02T12:00:00Z', intensity: 0, tone: 4 },
      { at: '2025-02-10T12:00:00Z', intensity: -2, tone: -1 },
    ];
    for (const p of points)
      await createRecord(
        t.baseUrl,
        recordBody({
          source: a,
          target: b,
          kind: p.intensity === 0 ? 'statement' : 'denial',
          occurredAt: p.at,
          tone: p.tone,
        }),
      );
    const halfLife = 'P1D';
    const views = await Promise.all(
      ['2025-01-01', '2024-12-01', '2018-01-01'].flatMap((from) =>
        [{}, { rootOnly: 'true' }].map((extra) =>
          getTone(t.baseUrl, a, b, { from, to: '2025-03-01', bucket: 'month', halfLife, ...extra }),
        ),
      ),
    );
    for (const start of ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z']) {
      const endMs = start.startsWith('2025-01')
        ? Date.parse('2025-02-01T00:00:00Z')
        : Date.parse('2025-03-01T00:00:00Z');
      const expected = {
        intensity: referenceEwma(points, endMs, DAY, 'intensity'),
        tone: referenceEwma(points, endMs, DAY, 'tone'),
      };
      for (const view of views) {
        const bucket = bucketAt(view, start);
        expect({ intensity: bucket.intensity.ewma, tone: bucket.tone.ewma }).toEqual(expected);
      }
    }
    // What the reference says, so that a wrong reference cannot pass unnoticed: January
    // is the two September records (−6·½ + 4) / 1.5 in tone, (−2·½ + 0) / 1.5 in intensity.
    expect(bucketAt(views[0]!, '2025-01-01T00:00:00Z').tone.ewma).toBe(0.667);
    expect(bucketAt(views[0]!, '2025-01-01T00:00:00Z').intensity.ewma).toBe(-0.667);
  });

  it('carries a lone record from years before the range into every bucket (the 2018 denial keeps −2)', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'denial',
        occurredAt: '2018-06-01T12:00:00Z',
        tone: -3,
      }),
    );
    const view = await getTone(t.baseUrl, a, b, {
      from: '2025-01-01',
      to: '2025-03-01',
      bucket: 'month',
    });
    expect(view.series.map((s) => [s.intensity.ewma, s.tone.ewma])).toEqual([
      [-2, -3],
      [-2, -3],
    ]);
  });
});
