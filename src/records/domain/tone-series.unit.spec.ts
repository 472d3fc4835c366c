import { DomainError } from '../../common/domain-error';
import {
  cutBuckets,
  MAX_BUCKETS,
  round,
  toneSeries,
  WeightedMean,
  type Bucket,
  type ToneBucket,
  type TonePoint,
  type ToneSeriesOptions,
} from './tone-series';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in test: ${iso}`);
  return ms;
};

/** A series over [from, to) with a 30-day half-life unless told otherwise. */
function series(
  points: readonly TonePoint[],
  range: { from: string; to: string; bucket: Bucket; zone: string; halfLifeMs?: number },
): ToneBucket[] {
  const options: ToneSeriesOptions = {
    fromMs: at(range.from),
    toMs: at(range.to),
    bucket: range.bucket,
    zone: range.zone,
    halfLifeMs: range.halfLifeMs ?? 30 * DAY,
  };
  return toneSeries(points, options);
}

function bucketAt(buckets: readonly ToneBucket[], index: number): ToneBucket {
  const bucket = buckets[index];
  if (!bucket) throw new Error(`no bucket ${index} among ${buckets.length}`);
  return bucket;
}

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal, but nothing was thrown');
}

const bounds = (buckets: readonly ToneBucket[]): [string, string][] =>
  buckets.map((b) => [b.start, b.end]);

const EMPTY_COUNTS = { statement: 0, threat: 0, denial: 0, action: 0, total: 0 };
const EMPTY_MEASURE = { mean: null, min: null, max: null, sum: 0, n: 0 };

describe('cutBuckets and toneSeries: calendar buckets in the zone', () => {
  it('cuts month buckets at local midnight in Europe/Moscow, keeping empty months', () => {
    const points: TonePoint[] = [
      {
        occurredAtMs: at('2025-05-05T12:00:00+03:00'),
        kind: 'statement',
        intensity: 0.4,
        tone: -3,
      },
      { occurredAtMs: at('2025-05-20T12:00:00+03:00'), kind: 'threat', intensity: -5.8, tone: -8 },
      { occurredAtMs: at('2025-05-31T23:00:00+03:00'), kind: 'denial', intensity: -2 },
      // 2025-06-30T21:30Z: June in UTC, but already July in Moscow.
      { occurredAtMs: at('2025-07-01T00:30:00+03:00'), kind: 'statement', intensity: 0 },
    ];

    const result = series(points, {
      from: '2025-05-01T00:00:00+03:00',
      to: '2025-08-01T00:00:00+03:00',
      bucket: 'month',
      zone: 'Europe/Moscow',
    });

    expect(bounds(result)).toEqual([
      ['2025-05-01T00:00:00+03:00', '2025-06-01T00:00:00+03:00'],
      ['2025-06-01T00:00:00+03:00', '2025-07-01T00:00:00+03:00'],
      ['2025-07-01T00:00:00+03:00', '2025-08-01T00:00:00+03:00'],
    ]);
    const [may, june, july] = [bucketAt(result, 0), bucketAt(result, 1), bucketAt(result, 2)];
    expect(may.counts).toEqual({ statement: 1, threat: 1, denial: 1, action: 0, total: 3 });
    // intensity: 0.4 - 5.8 - 2 = -7.4; mean -7.4 / 3 = -2.4666… → -2.467
    expect(may.intensity).toMatchObject({ mean: -2.467, min: -5.8, max: 0.4, sum: -7.4, n: 3 });
    // tone: only the two toned points, -3 and -8: sum -11, mean -5.5
    expect(may.tone).toMatchObject({ mean: -5.5, min: -8, max: -3, sum: -11, n: 2 });

    expect(june.counts).toEqual(EMPTY_COUNTS);
    expect(june.intensity).toMatchObject(EMPTY_MEASURE);
    expect(june.tone).toMatchObject(EMPTY_MEASURE);

    expect(july.counts).toEqual({ statement: 1, threat: 0, denial: 0, action: 0, total: 1 });
    expect(july.intensity).toMatchObject({ mean: 0, min: 0, max: 0, sum: 0, n: 1 });
    expect(july.tone).toMatchObject(EMPTY_MEASURE);
  });

  it('makes the New York spring-forward day 23 hours and the fall-back day 25 hours', () => {
    const [spring] = cutBuckets(
      at('2025-03-09T12:00:00-04:00'),
      at('2025-03-09T13:00:00-04:00'),
      'day',
      'America/New_York',
    );
    const [fall] = cutBuckets(
      at('2025-11-02T12:00:00-05:00'),
      at('2025-11-02T13:00:00-05:00'),
      'day',
      'America/New_York',
    );
    if (!spring || !fall) throw new Error('expected one bucket each');

    expect(spring.start.toISO()).toBe('2025-03-09T00:00:00.000-05:00');
    expect(spring.end.toISO()).toBe('2025-03-10T00:00:00.000-04:00');
    expect(spring.end.toMillis() - spring.start.toMillis()).toBe(23 * HOUR);

    expect(fall.start.toISO()).toBe('2025-11-02T00:00:00.000-04:00');
    expect(fall.end.toISO()).toBe('2025-11-03T00:00:00.000-05:00');
    expect(fall.end.toMillis() - fall.start.toMillis()).toBe(25 * HOUR);
  });

  it('gives the repeated 01:00 hour of a fall-back night two buckets with different offsets', () => {
    const result = series(
      [
        { occurredAtMs: at('2025-11-02T01:30:00-04:00'), kind: 'statement', intensity: 1 },
        { occurredAtMs: at('2025-11-02T01:30:00-05:00'), kind: 'threat', intensity: -4.4 },
      ],
      {
        from: '2025-11-02T00:00:00-04:00',
        to: '2025-11-02T03:00:00-05:00',
        bucket: 'hour',
        zone: 'America/New_York',
      },
    );

    expect(bounds(result)).toEqual([
      ['2025-11-02T00:00:00-04:00', '2025-11-02T01:00:00-04:00'],
      ['2025-11-02T01:00:00-04:00', '2025-11-02T01:00:00-05:00'],
      ['2025-11-02T01:00:00-05:00', '2025-11-02T02:00:00-05:00'],
      ['2025-11-02T02:00:00-05:00', '2025-11-02T03:00:00-05:00'],
    ]);
    expect(result.map((b) => b.counts.total)).toEqual([0, 1, 1, 0]);
    expect(bucketAt(result, 1).counts.statement).toBe(1);
    expect(bucketAt(result, 2).counts.threat).toBe(1);
  });

  it('makes Moscow 2010-10-31 (summer time ended, +04:00 → +03:00) 25 hours and counts 02:30+03:00 in it', () => {
    const result = series(
      [{ occurredAtMs: at('2010-10-31T02:30:00+03:00'), kind: 'statement', intensity: 0 }],
      {
        from: '2010-10-30T00:00:00+04:00',
        to: '2010-11-02T00:00:00+03:00',
        bucket: 'day',
        zone: 'Europe/Moscow',
      },
    );

    expect(bounds(result)).toEqual([
      ['2010-10-30T00:00:00+04:00', '2010-10-31T00:00:00+04:00'],
      ['2010-10-31T00:00:00+04:00', '2010-11-01T00:00:00+03:00'],
      ['2010-11-01T00:00:00+03:00', '2010-11-02T00:00:00+03:00'],
    ]);
    expect(at('2010-11-01T00:00:00+03:00') - at('2010-10-31T00:00:00+04:00')).toBe(25 * HOUR);
    expect(result.map((b) => b.counts.total)).toEqual([0, 1, 0]);
  });

  it('keeps day buckets at local midnight after a spring-forward that skips midnight (Africa/Cairo 2023-04-28)', () => {
    // Egypt's summer time began at 00:00 → 01:00 on 2023-04-28: that day starts at 01:00
    // and is 23 hours long, and every day after it starts at midnight again.
    const result = series(
      [{ occurredAtMs: at('2023-04-29T00:30:00+03:00'), kind: 'statement', intensity: 0 }],
      {
        from: '2023-04-27T00:00:00+02:00',
        to: '2023-04-30T00:00:00+03:00',
        bucket: 'day',
        zone: 'Africa/Cairo',
      },
    );

    expect(bounds(result)).toEqual([
      ['2023-04-27T00:00:00+02:00', '2023-04-28T01:00:00+03:00'],
      ['2023-04-28T01:00:00+03:00', '2023-04-29T00:00:00+03:00'],
      ['2023-04-29T00:00:00+03:00', '2023-04-30T00:00:00+03:00'],
    ]);
    expect(result.map((b) => b.counts.total)).toEqual([0, 0, 1]);
  });

  it('puts a point exactly at a bucket end into the next bucket (half-open)', () => {
    const result = series(
      [
        { occurredAtMs: at('2025-01-01T23:59:59.999Z'), kind: 'statement', intensity: 0 },
        { occurredAtMs: at('2025-01-02T00:00:00Z'), kind: 'threat', intensity: -4.4 },
      ],
      { from: '2025-01-01T00:00:00Z', to: '2025-01-03T00:00:00Z', bucket: 'day', zone: 'UTC' },
    );

    expect(bounds(result)).toEqual([
      ['2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'],
      ['2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z'],
    ]);
    expect(bucketAt(result, 0).counts).toEqual({
      statement: 1,
      threat: 0,
      denial: 0,
      action: 0,
      total: 1,
    });
    expect(bucketAt(result, 1).counts).toEqual({
      statement: 0,
      threat: 1,
      denial: 0,
      action: 0,
      total: 1,
    });
  });

  it('ignores points at or after the end of the range, in counts and in the weighted mean', () => {
    const result = series(
      [
        { occurredAtMs: at('2025-01-01T12:00:00Z'), kind: 'statement', intensity: 2 },
        { occurredAtMs: at('2025-01-02T00:00:00Z'), kind: 'threat', intensity: -7 },
      ],
      { from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z', bucket: 'day', zone: 'UTC' },
    );

    expect(result).toHaveLength(1);
    expect(bucketAt(result, 0).counts.total).toBe(1);
    expect(bucketAt(result, 0).intensity.ewma).toBe(2);
  });

  it('starts ISO week buckets on Monday: 2025-01-01 is a Wednesday, so the first week starts 2024-12-30', () => {
    const result = series([], {
      from: '2025-01-01T00:00:00+01:00',
      to: '2025-01-15T00:00:00+01:00',
      bucket: 'week',
      zone: 'Europe/Berlin',
    });

    expect(bounds(result)).toEqual([
      ['2024-12-30T00:00:00+01:00', '2025-01-06T00:00:00+01:00'],
      ['2025-01-06T00:00:00+01:00', '2025-01-13T00:00:00+01:00'],
      ['2025-01-13T00:00:00+01:00', '2025-01-20T00:00:00+01:00'],
    ]);
  });

  it('starts quarter buckets in January, April, July and October', () => {
    const result = series([], {
      from: '2025-02-10T00:00:00+09:00',
      to: '2025-12-01T00:00:00+09:00',
      bucket: 'quarter',
      zone: 'Asia/Tokyo',
    });

    expect(bounds(result)).toEqual([
      ['2025-01-01T00:00:00+09:00', '2025-04-01T00:00:00+09:00'],
      ['2025-04-01T00:00:00+09:00', '2025-07-01T00:00:00+09:00'],
      ['2025-07-01T00:00:00+09:00', '2025-10-01T00:00:00+09:00'],
      ['2025-10-01T00:00:00+09:00', '2026-01-01T00:00:00+09:00'],
    ]);
  });

  it('cuts year buckets at local new year', () => {
    const result = series([], {
      from: '2023-06-01T00:00:00+05:30',
      to: '2025-02-01T00:00:00+05:30',
      bucket: 'year',
      zone: 'Asia/Kolkata',
    });

    expect(bounds(result)).toEqual([
      ['2023-01-01T00:00:00+05:30', '2024-01-01T00:00:00+05:30'],
      ['2024-01-01T00:00:00+05:30', '2025-01-01T00:00:00+05:30'],
      ['2025-01-01T00:00:00+05:30', '2026-01-01T00:00:00+05:30'],
    ]);
  });

  it('allows exactly MAX_BUCKETS buckets and refuses one more (422 on the bucket field)', () => {
    expect(cutBuckets(0, MAX_BUCKETS * DAY, 'day', 'UTC')).toHaveLength(MAX_BUCKETS);

    const error = thrownBy(() => cutBuckets(0, (MAX_BUCKETS + 1) * DAY, 'day', 'UTC'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 422, slug: 'too-many-buckets', field: 'bucket' });
  });

  it('refuses a view of three years in hours', () => {
    const error = thrownBy(() =>
      series([], {
        from: '2022-01-01T00:00:00Z',
        to: '2025-01-01T00:00:00Z',
        bucket: 'hour',
        zone: 'UTC',
      }),
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 422, slug: 'too-many-buckets', field: 'bucket' });
  });
});

describe('toneSeries: measures per bucket', () => {
  it('counts a point without tone in intensity but not in tone, and rounds away binary noise', () => {
    const result = series(
      [
        { occurredAtMs: at('2025-03-01T10:00:00Z'), kind: 'denial', intensity: -2, tone: -1 },
        { occurredAtMs: at('2025-03-01T11:00:00Z'), kind: 'threat', intensity: -4.4 },
      ],
      { from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z', bucket: 'day', zone: 'UTC' },
    );

    const day = bucketAt(result, 0);
    expect(day.counts).toEqual({ statement: 0, threat: 1, denial: 1, action: 0, total: 2 });
    // -2 + -4.4 is -6.400000000000001 in binary floating point; shown as -6.4, mean -3.2
    expect(day.intensity).toEqual({
      mean: -3.2,
      min: -4.4,
      max: -2,
      sum: -6.4,
      n: 2,
      // the -2 is an hour old: weight 2^(-1/720) ≈ 0.99904 with a 30-day half-life;
      // (-2 × 0.99904 - 4.4) / 1.99904 ≈ -3.2006
      ewma: -3.201,
      // deviations ±1.2 from the mean: √((1.44 + 1.44) / (2 − 1)) = √2.88 ≈ 1.6971
      volatility: 1.697,
    });
    // One tone value has no spread to measure.
    expect(day.tone).toEqual({
      mean: -1,
      min: -1,
      max: -1,
      sum: -1,
      n: 1,
      ewma: -1,
      volatility: null,
    });
  });
});

describe('toneSeries: the rolling volatility', () => {
  const point = (iso: string, intensity: number, tone?: number): TonePoint => ({
    occurredAtMs: at(iso),
    kind: 'statement',
    intensity,
    ...(tone === undefined ? {} : { tone }),
  });
  // Intensity 1 and 3 in January, 5 in February, nothing in March, 5 in April; tone only
  // on the two January records.
  const points = [
    point('2025-01-05T00:00:00Z', 1, 2),
    point('2025-01-20T00:00:00Z', 3, -2),
    point('2025-02-10T00:00:00Z', 5),
    point('2025-04-15T00:00:00Z', 5),
  ];
  const months = (from: string, volatilityWindow?: number): ToneBucket[] =>
    toneSeries(points, {
      fromMs: at(from),
      toMs: at('2025-06-01T00:00:00Z'),
      bucket: 'month',
      zone: 'UTC',
      halfLifeMs: 30 * DAY,
      ...(volatilityWindow === undefined ? {} : { volatilityWindow }),
    });

  it('is the sample standard deviation of the records in the trailing three buckets by default', () => {
    const result = months('2025-01-01T00:00:00Z');
    expect(result.map((b) => b.start.slice(0, 7))).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
    ]);
    expect(result.map((b) => b.intensity.volatility)).toEqual([
      // Nov–Jan {1, 3}: mean 2, Σd² = 1 + 1 = 2, √(2 / 1) ≈ 1.41421
      1.414,
      // Dec–Feb {1, 3, 5}: mean 3, Σd² = 4 + 0 + 4 = 8, √(8 / 2) = 2
      2,
      // Jan–Mar: the same three records; a quiet month keeps the window's spread
      2,
      // Feb–Apr {5, 5}: no spread
      0,
      // Mar–May {5}: one value, no spread to measure
      null,
    ]);
    expect(result.map((b) => b.tone.volatility)).toEqual([
      // {2, −2}: mean 0, Σd² = 8, √(8 / 1) ≈ 2.82843
      2.828,
      2.828,
      2.828,
      // Feb–Apr holds no tone at all
      null,
      null,
    ]);
  });

  it('reaches back before the range start, so a bucket reads the same whatever the range', () => {
    const fromMarch = months('2025-03-01T00:00:00Z');
    expect(fromMarch.map((b) => b.intensity.volatility)).toEqual([2, 0, null]);
    // The counts still start at the range.
    expect(fromMarch.map((b) => b.counts.total)).toEqual([0, 1, 0]);
  });

  it('takes the window size from the options: one bucket is the spread within it', () => {
    // January alone {1, 3}; February alone {5}; the rest hold at most one record.
    expect(months('2025-01-01T00:00:00Z', 1).map((b) => b.intensity.volatility)).toEqual([
      1.414,
      null,
      null,
      null,
      null,
    ]);
    // Six months back from May reaches all four records: {1, 3, 5, 5}, mean 3.5,
    // Σd² = 6.25 + 0.25 + 2.25 + 2.25 = 11, √(11 / 3) ≈ 1.91485
    expect(months('2025-05-01T00:00:00Z', 6).map((b) => b.intensity.volatility)).toEqual([1.915]);
  });

  it("cuts its windows at the zone's calendar: a record on 31 January in New York is January there", () => {
    // 2025-02-01T03:00Z is 22:00 on 31 January in New York (UTC−5): with one-bucket
    // windows it joins January's {1, 3} there, and stands alone in February in UTC.
    const late = [...points.slice(0, 2), point('2025-02-01T03:00:00Z', 7)];
    const inZone = (zone: string): (number | null)[] =>
      toneSeries(late, {
        fromMs: at('2025-01-15T00:00:00Z'),
        toMs: at('2025-02-15T00:00:00Z'),
        bucket: 'month',
        zone,
        halfLifeMs: 30 * DAY,
        volatilityWindow: 1,
      }).map((b) => b.intensity.volatility);
    // {1, 3, 7}: mean 11/3, Σd² = 64/9 + 4/9 + 100/9 = 168/9, √(168/9 / 2) ≈ 3.05505
    expect(inZone('America/New_York')).toEqual([3.055, null]);
    expect(inZone('UTC')).toEqual([1.414, null]);
  });
});

describe('toneSeries: the exponentially weighted mean', () => {
  const HALF_LIFE = 30 * DAY;

  it('weights a point one half-life old by half, and a quiet month keeps the last value', () => {
    const result = series(
      [
        { occurredAtMs: at('2025-01-01T00:00:00Z'), kind: 'statement', intensity: 0, tone: -4 },
        { occurredAtMs: at('2025-01-31T00:00:00Z'), kind: 'threat', intensity: 10 },
      ],
      {
        from: '2025-01-01T00:00:00Z',
        to: '2025-04-01T00:00:00Z',
        bucket: 'month',
        zone: 'UTC',
        halfLifeMs: HALF_LIFE,
      },
    );

    // 30 days apart with a 30-day half-life: (0 × 0.5 + 10 × 1) / (0.5 + 1) = 6.6666… → 6.667
    expect(result.map((b) => b.intensity.ewma)).toEqual([6.667, 6.667, 6.667]);
    // Only the first point has a tone, so the tone climate is that tone alone.
    expect(result.map((b) => b.tone.ewma)).toEqual([-4, -4, -4]);
    expect(result.map((b) => b.counts.total)).toEqual([2, 0, 0]);
  });

  it('is null before the first point', () => {
    const result = series(
      [{ occurredAtMs: at('2025-02-10T00:00:00Z'), kind: 'statement', intensity: 3, tone: 2 }],
      {
        from: '2025-01-01T00:00:00Z',
        to: '2025-03-01T00:00:00Z',
        bucket: 'month',
        zone: 'UTC',
        halfLifeMs: HALF_LIFE,
      },
    );

    expect(result.map((b) => [b.intensity.ewma, b.tone.ewma])).toEqual([
      [null, null],
      [3, 2],
    ]);
  });

  it('feeds points before the range start into the weighted mean but not into counts', () => {
    const result = series(
      [
        // Before the range, even before the first bucket's start.
        { occurredAtMs: at('2024-12-02T00:00:00Z'), kind: 'threat', intensity: 10, tone: 6 },
        // Inside the first month bucket but before `from`: also only in the weighted mean.
        { occurredAtMs: at('2025-01-10T00:00:00Z'), kind: 'threat', intensity: 10, tone: 6 },
        { occurredAtMs: at('2025-01-31T00:00:00Z'), kind: 'statement', intensity: 0, tone: 0 },
      ],
      {
        from: '2025-01-15T00:00:00Z',
        to: '2025-02-01T00:00:00Z',
        bucket: 'month',
        zone: 'UTC',
        halfLifeMs: HALF_LIFE,
      },
    );

    expect(result).toHaveLength(1);
    const january = bucketAt(result, 0);
    expect(january.start).toBe('2025-01-01T00:00:00Z');
    expect(january.counts).toEqual({ statement: 1, threat: 0, denial: 0, action: 0, total: 1 });
    expect(january.intensity).toMatchObject({ mean: 0, min: 0, max: 0, sum: 0, n: 1 });
    // Weights at 2025-01-31: 60 days old → 0.25, 21 days old → 2^(-21/30) ≈ 0.61557, now → 1.
    // intensity: (10 × 0.25 + 10 × 0.61557 + 0 × 1) / (0.25 + 0.61557 + 1) = 8.65572 / 1.86557 ≈ 4.6397
    expect(january.intensity.ewma).toBe(4.64);
    // tone: (6 × 0.25 + 6 × 0.61557 + 0) / 1.86557 = 5.19343 / 1.86557 ≈ 2.7838
    expect(january.tone.ewma).toBe(2.784);
  });
});

describe('WeightedMean', () => {
  it('halves the weight of what came before every half-life', () => {
    const mean = new WeightedMean(10);
    expect(mean.value()).toBeNull();
    mean.add(0, 8);
    expect(mean.value()).toBe(8);
    // 20 ms later (two half-lives) the 8 weighs 0.25: (8 × 0.25 + 3) / 1.25 = 4
    mean.add(20, 3);
    expect(mean.value()).toBe(4);
  });

  it('stays exact over a long quiet span', () => {
    const mean = new WeightedMean(DAY);
    mean.add(0, -10);
    // 10 years of days: the old point's weight underflows towards zero, the mean is the new point.
    mean.add(3650 * DAY, 5);
    expect(mean.value()).toBe(5);
  });
});

describe('round', () => {
  it('rounds to three decimals by default and never gives negative zero', () => {
    expect(round(-2 + -4.4)).toBe(-6.4);
    expect(round(2 / 3)).toBe(0.667);
    expect(round(1.23456, 2)).toBe(1.23);
    expect(Object.is(round(-0.0001), 0)).toBe(true);
  });
});
