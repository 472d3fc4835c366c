import {
  eventsOfReports,
  recordWeight,
  sameEventKey,
  type SameEventFacts,
  type ToneReport,
} from './same-event';
import { toneSeries, type ToneSeriesOptions, type TonePoint } from './tone-series';

const HOUR = 3_600_000;
const DAY_START = Date.parse('2025-04-06T00:00:00Z');

/** One UTC day, one bucket, a volatility window of that bucket alone, a 12-hour half-life. */
const ONE_DAY: ToneSeriesOptions = {
  fromMs: DAY_START,
  toMs: DAY_START + 24 * HOUR,
  bucket: 'day',
  zone: 'UTC',
  halfLifeMs: 12 * HOUR,
  volatilityWindow: 1,
};

function onlyBucket(points: readonly TonePoint[]) {
  const [bucket, ...rest] = toneSeries(points, ONE_DAY);
  if (!bucket || rest.length > 0) throw new Error('expected one bucket');
  return bucket;
}

describe('toneSeries under weights', () => {
  // Two records: -2 (tone -4) weighing 1 at 00:00, 4 (tone 2) weighing 3 at 12:00.
  const points: TonePoint[] = [
    { occurredAtMs: DAY_START, kind: 'action', intensity: -2, tone: -4, weight: 1 },
    { occurredAtMs: DAY_START + 12 * HOUR, kind: 'statement', intensity: 4, tone: 2, weight: 3 },
  ];

  it('weighs the mean, the EWMA and the volatility, and leaves counts, n, sum, min and max as they are', () => {
    const bucket = onlyBucket(points);
    expect(bucket.counts).toEqual({ statement: 1, threat: 0, denial: 0, action: 1, total: 2 });
    // mean (−2·1 + 4·3) / 4 = 2.5; the EWMA ages the first weight to ½ over one
    // half-life: (−2·½ + 4·3) / 3.5 = 3.142857…; the weighted deviation around 2.5 is
    // √((1·4.5² + 3·1.5²) / (4 − 1)) = √(27 / 3) = 3.
    expect(bucket.intensity).toEqual({
      mean: 2.5,
      min: -2,
      max: 4,
      sum: 2,
      n: 2,
      ewma: 3.143,
      volatility: 3,
    });
    // tone: (−4 + 6) / 4 = 0.5; (−4·½ + 2·3) / 3.5 = 1.142857…; √((4.5² + 3·1.5²) / 3) = 3.
    expect(bucket.tone).toEqual({
      mean: 0.5,
      min: -4,
      max: 2,
      sum: -2,
      n: 2,
      ewma: 1.143,
      volatility: 3,
    });
  });

  it('gives the unweighted numbers, to the last bit, when every weight is 1', () => {
    const varied: TonePoint[] = [
      { occurredAtMs: DAY_START + 1 * HOUR, kind: 'threat', intensity: -4.4, tone: -6.1 },
      { occurredAtMs: DAY_START + 3 * HOUR, kind: 'statement', intensity: 0.4, tone: 1.3 },
      { occurredAtMs: DAY_START + 7 * HOUR, kind: 'denial', intensity: -2 },
      { occurredAtMs: DAY_START + 9 * HOUR, kind: 'action', intensity: -9.5, tone: -3.25 },
    ];
    const weighed = varied.map((p) => ({ ...p, weight: 1 }));
    expect(onlyBucket(weighed)).toEqual(onlyBucket(varied));
    // and the plain mean, computed here: (−4.4 + 0.4 − 2 − 9.5) / 4 = −3.875
    expect(onlyBucket(weighed).intensity.mean).toBe(-3.875);
  });

  it('counts a record that weighs 0 but takes nothing of its value into the means', () => {
    const bucket = onlyBucket([
      { occurredAtMs: DAY_START, kind: 'action', intensity: -10, weight: 0 },
      { occurredAtMs: DAY_START + HOUR, kind: 'action', intensity: 3, weight: 2 },
    ]);
    expect(bucket.counts.total).toBe(2);
    expect(bucket.intensity).toMatchObject({ mean: 3, ewma: 3, min: -10, n: 2, volatility: null });
  });
});

describe('recordWeight', () => {
  it('is 1 under none, the origin count under a weight, and 1 without the field', () => {
    const origin = { mentions: 5, sources: 2, articles: 0 };
    expect(recordWeight(origin, 'none')).toBe(1);
    expect(recordWeight(origin, 'mentions')).toBe(5);
    expect(recordWeight(origin, 'sources')).toBe(2);
    expect(recordWeight(origin, 'articles')).toBe(0);
    expect(recordWeight({}, 'mentions')).toBe(1);
    expect(recordWeight(undefined, 'articles')).toBe(1);
  });
});

describe('sameEventKey', () => {
  const gdelt: SameEventFacts = {
    source: 'usa',
    target: 'rus',
    kind: 'action',
    code: '190',
    occurredAt: '2025-04-06T00:00:00Z',
    dataset: 'gdelt2',
    originId: '1001',
  };

  it('joins GDELT rows of one day, dyad, kind and code, whatever their row ids', () => {
    const key = sameEventKey(gdelt, 'day');
    expect(key).not.toBeNull();
    expect(sameEventKey({ ...gdelt, originId: '1002' }, 'day')).toBe(key);
    expect(sameEventKey({ ...gdelt, occurredAt: '2025-04-06T23:59:59Z' }, 'day')).toBe(key);
  });

  it.each([
    ['another day', { occurredAt: '2025-04-07T00:00:00Z' }],
    ['the other direction', { source: 'rus', target: 'usa' }],
    ['another code', { code: '191' }],
    ['another kind', { kind: 'threat' as const }],
    ['another dataset', { dataset: 'polecat' }],
  ])('never joins rows of %s', (_, change) => {
    expect(sameEventKey({ ...gdelt, ...change }, 'day')).not.toBe(sameEventKey(gdelt, 'day'));
  });

  it('joins ICEWS rows by Event ID across days, never across dyads or codes', () => {
    const icews = { ...gdelt, dataset: 'icews', originId: 'E7' };
    const key = sameEventKey(icews, 'day');
    expect(sameEventKey({ ...icews, occurredAt: '2025-05-01T00:00:00Z' }, 'day')).toBe(key);
    expect(sameEventKey({ ...icews, originId: 'E8' }, 'day')).not.toBe(key);
    expect(sameEventKey({ ...icews, code: '191' }, 'day')).not.toBe(key);
  });

  it('makes hand-coded records, codeless dataset rows and every record under off events of their own', () => {
    expect(sameEventKey({ ...gdelt, dataset: undefined, originId: undefined }, 'day')).toBeNull();
    expect(sameEventKey({ ...gdelt, code: undefined }, 'day')).toBeNull();
    expect(sameEventKey(gdelt, 'off')).toBeNull();
  });
});

describe('eventsOfReports', () => {
  const report = (
    hours: number,
    intensity: number,
    tone: number | undefined,
    weight: number,
    eventKey: string | null,
  ): ToneReport => ({
    occurredAtMs: DAY_START + hours * HOUR,
    kind: 'action',
    intensity,
    ...(tone === undefined ? {} : { tone }),
    weight,
    eventKey,
  });

  it('puts an event at its first report, with the weighted means of its values and its heaviest weight', () => {
    const events = eventsOfReports([
      report(0, -2, -4, 1, 'K'),
      report(1, 9, undefined, 1, null),
      report(2, 4, undefined, 3, 'K'),
    ]);
    expect(events).toEqual([
      // intensity (−2·1 + 4·3) / 4 = 2.5; tone: only the first report has one
      { occurredAtMs: DAY_START, kind: 'action', intensity: 2.5, tone: -4, weight: 3 },
      { occurredAtMs: DAY_START + HOUR, kind: 'action', intensity: 9, weight: 1 },
    ]);
  });

  it('takes the plain mean under no weight', () => {
    const [event] = eventsOfReports([report(0, -2, -4, 1, 'K'), report(5, 4, 1, 1, 'K')]);
    expect(event).toEqual({
      occurredAtMs: DAY_START,
      kind: 'action',
      intensity: 1,
      tone: -1.5,
      weight: 1,
    });
  });

  it('feeds the series one point per event', () => {
    const events = eventsOfReports([
      report(0, -2, -4, 1, 'K'),
      report(2, 4, 2, 1, 'K'),
      report(3, 6, undefined, 1, null),
    ]);
    const bucket = onlyBucket(events);
    // two events: (−2 + 4) / 2 = 1 and 6; mean 3.5, n 2
    expect(bucket.counts.total).toBe(2);
    expect(bucket.intensity).toMatchObject({ mean: 3.5, n: 2, sum: 7, min: 1, max: 6 });
    expect(bucket.tone).toMatchObject({ mean: -1, n: 1 });
  });
});
