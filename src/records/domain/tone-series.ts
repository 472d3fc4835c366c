import { DateTime } from 'luxon';
import { Refused } from '../../common/domain-error';
import { sampleStandardDeviation } from './dispersion';
import { RECORD_KINDS, type RecordKind } from './record';

export const BUCKETS = ['hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** At most this many buckets in one view: a decade of days fits, a decade of hours doesn't. */
export const MAX_BUCKETS = 20_000;

/** Buckets in the rolling volatility's window unless the request says otherwise: a quarter of months. */
export const DEFAULT_VOLATILITY_WINDOW = 3;

/** One record as the tone view counts it. */
export interface TonePoint {
  readonly occurredAtMs: number;
  readonly kind: RecordKind;
  /** Goldstein intensity of the act. */
  readonly intensity: number;
  /** The recorder's reading of how it was said; absent when not coded. */
  readonly tone?: number;
}

export interface ToneSeriesOptions {
  /** Inclusive start of the range (epoch ms). */
  readonly fromMs: number;
  /** Exclusive end of the range (epoch ms). */
  readonly toMs: number;
  readonly bucket: Bucket;
  /** IANA zone whose calendar cuts the buckets. */
  readonly zone: string;
  readonly halfLifeMs: number;
  /** Buckets in the rolling volatility's window, this one included; {@link DEFAULT_VOLATILITY_WINDOW} unless given. */
  readonly volatilityWindow?: number;
}

export interface MeasureStats {
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly sum: number;
  readonly n: number;
  /**
   * Exponentially weighted mean of every point before the bucket's end, each weighted
   * by 2^(-age / halfLife): a quiet bucket keeps the last known climate, fading only in
   * how much it is trusted, instead of dropping to zero. Null before the first point.
   */
  readonly ewma: number | null;
  /**
   * Rolling volatility: the sample standard deviation (n − 1) of the values of every
   * record in the window of `volatilityWindow` calendar buckets that ends with this one,
   * whole buckets, reaching back before the range's start like the weighted mean does.
   * Null while the window holds fewer than two values.
   */
  readonly volatility: number | null;
}

export type KindCounts = Record<RecordKind | 'total', number>;

export interface ToneBucket {
  readonly start: string;
  readonly end: string;
  readonly counts: KindCounts;
  readonly intensity: MeasureStats;
  readonly tone: MeasureStats;
}

interface BucketBounds {
  readonly start: DateTime;
  readonly end: DateTime;
}

/**
 * Cuts [from, to) into calendar buckets of the zone: days that are 23 or 25 hours
 * long across a DST change, ISO weeks from Monday, quarters from January.
 */
export function cutBuckets(
  fromMs: number,
  toMs: number,
  bucket: Bucket,
  zone: string,
): BucketBounds[] {
  const bounds: BucketBounds[] = [];
  let start = DateTime.fromMillis(fromMs, { zone }).startOf(bucket);
  while (start.toMillis() < toMs) {
    if (bounds.length >= MAX_BUCKETS) {
      throw new Refused(
        'too-many-buckets',
        `The range holds more than ${MAX_BUCKETS} ${bucket} buckets; choose a larger bucket or a shorter range`,
        'bucket',
      );
    }
    // Snap calendar buckets back to the unit's start: where a DST change skips local
    // midnight (Africa/Cairo, Asia/Beirut, America/Santiago), that day starts at 01:00,
    // and adding a day to it would leave every later bucket an hour late.
    const end =
      bucket === 'hour'
        ? start.plus({ hours: 1 })
        : start.plus({ [`${bucket}s`]: 1 }).startOf(bucket);
    bounds.push({ start, end });
    start = end;
  }
  return bounds;
}

/**
 * The tone view of a set of points: counts per kind and the intensity and tone
 * measures per bucket, kept apart (GDELT learned not to blend an act's Goldstein
 * weight with the media tone of its report). Points before `fromMs` feed only the
 * weighted means and the rolling volatility's first windows; points at or after
 * `toMs` are ignored.
 */
export function toneSeries(points: readonly TonePoint[], options: ToneSeriesOptions): ToneBucket[] {
  const sorted = [...points]
    .filter((p) => p.occurredAtMs < options.toMs)
    .sort((a, b) => a.occurredAtMs - b.occurredAtMs);
  const intensityEwma = new WeightedMean(options.halfLifeMs);
  const toneEwma = new WeightedMean(options.halfLifeMs);
  const buckets = cutBuckets(options.fromMs, options.toMs, options.bucket, options.zone);
  const windowStarts = volatilityWindowStarts(buckets, options);
  let next = 0;
  let windowFirst = 0;
  return buckets.map(({ start, end }, index) => {
    const startMs = Math.max(start.toMillis(), options.fromMs);
    const endMs = Math.min(end.toMillis(), options.toMs);
    const inBucket: TonePoint[] = [];
    for (; next < sorted.length && (sorted[next]?.occurredAtMs ?? Infinity) < endMs; next++) {
      const point = sorted[next] as TonePoint;
      intensityEwma.add(point.occurredAtMs, point.intensity);
      if (point.tone !== undefined) toneEwma.add(point.occurredAtMs, point.tone);
      if (point.occurredAtMs >= startMs) inBucket.push(point);
    }
    const windowStartMs = windowStarts[index] ?? startMs;
    while ((sorted[windowFirst]?.occurredAtMs ?? Infinity) < windowStartMs) windowFirst++;
    const inWindow = sorted.slice(windowFirst, next);
    return {
      start: isoWithOffset(start),
      end: isoWithOffset(end),
      counts: countKinds(inBucket),
      intensity: stats(
        inBucket.map((p) => p.intensity),
        intensityEwma.value(),
        inWindow.map((p) => p.intensity),
      ),
      tone: stats(
        inBucket.flatMap((p) => (p.tone === undefined ? [] : [p.tone])),
        toneEwma.value(),
        inWindow.flatMap((p) => (p.tone === undefined ? [] : [p.tone])),
      ),
    };
  });
}

/**
 * Where each bucket's volatility window starts (epoch ms): at the start of the calendar
 * bucket `volatilityWindow − 1` buckets before it, so that the first buckets of a view
 * see as much history as the later ones and a bucket's volatility does not depend on
 * where the request's range happens to start.
 */
function volatilityWindowStarts(
  buckets: readonly BucketBounds[],
  options: ToneSeriesOptions,
): number[] {
  const size = options.volatilityWindow ?? DEFAULT_VOLATILITY_WINDOW;
  const first = buckets[0];
  if (!first) return [];
  const before: number[] = [];
  let start = first.start;
  for (let i = 1; i < size; i++) {
    start = previousBucketStart(start, options.bucket);
    before.unshift(start.toMillis());
  }
  const starts = [...before, ...buckets.map((b) => b.start.toMillis())];
  return buckets.map((_, index) => starts[index] as number);
}

/** The earliest instant any window of the view reaches back to (for readers that fetch points). */
export function volatilityLookbackMs(options: ToneSeriesOptions): number {
  const size = options.volatilityWindow ?? DEFAULT_VOLATILITY_WINDOW;
  let start: DateTime = DateTime.fromMillis(options.fromMs, { zone: options.zone }).startOf(
    options.bucket,
  );
  for (let i = 1; i < size; i++) start = previousBucketStart(start, options.bucket);
  return start.toMillis();
}

function previousBucketStart(start: DateTime, bucket: Bucket): DateTime {
  return bucket === 'hour'
    ? start.minus({ hours: 1 })
    : start.minus({ [`${bucket}s`]: 1 }).startOf(bucket);
}

export function isoWithOffset(time: DateTime): string {
  return time.toISO({ suppressMilliseconds: true }) ?? '';
}

function countKinds(points: readonly TonePoint[]): KindCounts {
  const counts = Object.fromEntries([...RECORD_KINDS, 'total'].map((k) => [k, 0])) as KindCounts;
  for (const point of points) {
    counts[point.kind] += 1;
    counts.total += 1;
  }
  return counts;
}

function stats(
  values: readonly number[],
  ewma: number | null,
  windowValues: readonly number[],
): MeasureStats {
  const deviation = sampleStandardDeviation(windowValues);
  const volatility = deviation === null ? null : round(deviation);
  if (values.length === 0)
    return { mean: null, min: null, max: null, sum: 0, n: 0, ewma, volatility };
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    mean: round(sum / values.length),
    min: Math.min(...values),
    max: Math.max(...values),
    sum: round(sum),
    n: values.length,
    ewma,
    volatility,
  };
}

/** Rounds away binary noise (-2 + -4.4 = -6.4, not -6.400000000000001). */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor || 0;
}

/**
 * An exponentially weighted mean over irregularly spaced points, weights halving
 * every half-life of age. Points arrive in time order. Ageing scales every weight by
 * the same factor, so the mean changes only when a point arrives; keeping the mean and
 * the total weight (rather than a weighted sum) stays exact over any span of years.
 */
export class WeightedMean {
  private mean: number | null = null;
  private weight = 0;
  private lastMs = 0;

  constructor(private readonly halfLifeMs: number) {}

  add(atMs: number, value: number): void {
    if (this.mean === null) {
      this.mean = value;
      this.weight = 1;
    } else {
      this.weight *= 0.5 ** ((atMs - this.lastMs) / this.halfLifeMs);
      this.mean = (this.mean * this.weight + value) / (this.weight + 1);
      this.weight += 1;
    }
    this.lastMs = atMs;
  }

  value(): number | null {
    return this.mean === null ? null : round(this.mean);
  }
}
