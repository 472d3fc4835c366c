import { DateTime } from 'luxon';
import { BadInput, Refused } from '../../common/domain-error';
import { RECORD_KINDS, type RecordKind } from './record';
import { bucketStartsUpTo, zoneBuckets, type ZoneBuckets } from './zone-buckets';

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
  /**
   * What the point weighs in the means, the EWMA and the volatility (1 unless given;
   * see `recordWeight`). Counts, `n`, `sum`, `min` and `max` do not weigh.
   */
  readonly weight?: number;
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
  /** The most a view may cost ({@link toneViewCost}); unbounded unless given. */
  readonly maxCost?: number;
}

/**
 * Under a weight w (`weight=mentions` ...), `mean` is Σ w·v / Σ w, `ewma` weighs each point
 * by w · 2^(-age / halfLife) and `volatility` is the frequency-weighted sample standard
 * deviation √(Σ w (v − m)² / (Σ w − 1)) around the weighted mean m; `n`, `sum`, `min`
 * and `max` stay those of the values as they are. Every weight 1 gives the unweighted
 * numbers to the last bit (1 · v is v).
 */
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
 * Cuts [from, to) into the zone's buckets by its clock (see {@link zoneBuckets}): days
 * that are 23 or 25 hours long across a DST change, ISO weeks from Monday, quarters
 * from January. Refuses (422 on `bucket`) a range of more than {@link MAX_BUCKETS}.
 */
export function cutBuckets(
  fromMs: number,
  toMs: number,
  bucket: Bucket,
  zone: string,
): BucketBounds[] {
  const { starts, ends } = bucketBounds({ fromMs, toMs, bucket, zone, halfLifeMs: 1 });
  return starts.map((start, i) => ({
    start: DateTime.fromMillis(start, { zone }),
    end: DateTime.fromMillis(ends[i] as number, { zone }),
  }));
}

/**
 * The tone view of a set of points: counts per kind and the intensity and tone
 * measures per bucket, kept apart (GDELT learned not to blend an act's Goldstein
 * weight with the media tone of its report). Points before `fromMs` feed only the
 * weighted means and the rolling volatility's first windows; points at or after
 * `toMs` are ignored.
 *
 * One pass over the points in time order. The buckets come from {@link zoneBuckets}
 * (cut by the zone's clock, without a luxon object per bucket); every measure is
 * computed with the same floating-point operations, in the same order, as the per-bucket
 * definition
 * (sums from 0 in time order, `Math.min`/`Math.max`, two-pass deviations,
 * {@link WeightedMean}), so the numbers are those of the straightforward computation
 * to the last bit, not merely after rounding.
 */
export function toneSeries(points: readonly TonePoint[], options: ToneSeriesOptions): ToneBucket[] {
  const sorted = [...points]
    .filter((p) => p.occurredAtMs < options.toMs)
    .sort((a, b) => a.occurredAtMs - b.occurredAtMs);
  const columns = toneColumns(sorted.length);
  sorted.forEach((point, i) =>
    setTonePoint(
      columns,
      i,
      point.occurredAtMs,
      point.kind,
      point.intensity,
      point.tone,
      point.weight,
    ),
  );
  return toneSeriesOfColumns(columns, options);
}

/** Points laid out by column, in time order, for readers that fill them without an object a point. */
export interface ToneColumns {
  readonly times: Float64Array;
  readonly kinds: RecordKind[];
  readonly intensities: Float64Array;
  readonly tones: Float64Array;
  /** 1 where the point has a tone. */
  readonly hasTone: Uint8Array;
  /** Each point's weight, 1 unless set. */
  readonly weights: Float64Array;
}

export function toneColumns(count: number): ToneColumns {
  return {
    times: new Float64Array(count),
    kinds: new Array<RecordKind>(count),
    intensities: new Float64Array(count),
    tones: new Float64Array(count),
    hasTone: new Uint8Array(count),
    weights: new Float64Array(count).fill(1),
  };
}

export function setTonePoint(
  columns: ToneColumns,
  index: number,
  occurredAtMs: number,
  kind: RecordKind,
  intensity: number,
  tone: number | null | undefined,
  weight = 1,
): void {
  columns.times[index] = occurredAtMs;
  columns.weights[index] = weight;
  columns.kinds[index] = kind;
  columns.intensities[index] = intensity;
  if (tone !== undefined && tone !== null) {
    columns.tones[index] = tone;
    columns.hasTone[index] = 1;
  }
}

/**
 * The weighted means after every point older than the columns, fed in the same order
 * the columns would have been: a reader that leaves old points out of the columns
 * (they count in no bucket and no volatility window) still gives each bucket the
 * `ewma` of every point up to its end, to the last bit.
 */
export interface CarriedEwma {
  readonly intensity: WeightedMean;
  readonly tone: WeightedMean;
}

/**
 * {@link toneSeries} of points already in time order (ties in the order their sums are
 * to take) and all before `toMs`, as the tone reader reads them.
 */
export function toneSeriesOfColumns(
  columns: ToneColumns,
  options: ToneSeriesOptions,
  carried?: CarriedEwma,
): ToneBucket[] {
  const steps = toneSeriesSteps(columns, options, carried);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link toneSeriesOfColumns} in steps: the generator yields after every
 * {@link STEP_BUCKETS} buckets, so that a caller on a shared event loop can let other
 * requests in between (the work of a view near {@link MAX_BUCKETS} is long enough to
 * stall a server), and returns the series. Before any bucket is computed it refuses a
 * view whose {@link toneViewCost} exceeds `options.maxCost`.
 */
export function* toneSeriesSteps(
  columns: ToneColumns,
  options: ToneSeriesOptions,
  carried?: CarriedEwma,
): Generator<void, ToneBucket[], void> {
  const { times, kinds, intensities, tones, hasTone, weights } = columns;
  const bounds = bucketBounds(options);
  yield;
  const windowStarts = volatilityWindowStarts(bounds.starts, options);
  const count = times.length;
  if (options.maxCost !== undefined) {
    const cost = toneViewCost(times, bounds, windowStarts, options);
    if (cost > options.maxCost)
      throw new ToneViewTooCostly(
        cost,
        options.maxCost,
        options.volatilityWindow ?? DEFAULT_VOLATILITY_WINDOW,
      );
    yield;
  }
  const intensityEwma = carried?.intensity ?? new WeightedMean(options.halfLifeMs);
  const toneEwma = carried?.tone ?? new WeightedMean(options.halfLifeMs);
  const everyPoint = new Uint8Array(count).fill(1);
  let next = 0;
  let windowFirst = 0;
  const buckets: ToneBucket[] = [];
  for (let index = 0; index < bounds.starts.length; index++) {
    if (index > 0 && index % STEP_BUCKETS === 0) yield;
    const startMs = Math.max(bounds.starts[index] as number, options.fromMs);
    const endMs = Math.min(bounds.ends[index] as number, options.toMs);
    const counts = emptyCounts();
    const intensity = new Accumulator();
    const tone = new Accumulator();
    for (; next < count && (times[next] as number) < endMs; next++) {
      const atMs = times[next] as number;
      const value = intensities[next] as number;
      const weight = weights[next] as number;
      intensityEwma.add(atMs, value, weight);
      if (hasTone[next]) toneEwma.add(atMs, tones[next] as number, weight);
      if (atMs >= startMs) {
        counts[kinds[next] as RecordKind] += 1;
        counts.total += 1;
        intensity.add(value, weight);
        if (hasTone[next]) tone.add(tones[next] as number, weight);
      }
    }
    const windowStartMs = windowStarts[index] ?? startMs;
    while (windowFirst < count && (times[windowFirst] as number) < windowStartMs) windowFirst++;
    buckets.push({
      start: bounds.startIsos[index] as string,
      end: bounds.endIsos[index] as string,
      counts,
      intensity: intensity.stats(
        intensityEwma.value(),
        deviation(intensities, everyPoint, weights, windowFirst, next),
      ),
      tone: tone.stats(toneEwma.value(), deviation(tones, hasTone, weights, windowFirst, next)),
    });
  }
  return buckets;
}

/** Buckets computed between two yields of {@link toneSeriesSteps}. */
export const STEP_BUCKETS = 500;

/**
 * What a view costs to compute, in records visited: one per bucket, one per record read,
 * and one per record for every volatility window it falls in (each bucket's volatility
 * reads its whole window, so a record counts `volatilityWindow` times over). The last
 * term is the one that grows: a dense dyad at a wide window.
 */
function toneViewCost(
  times: Float64Array,
  bounds: ZoneBuckets,
  windowStarts: readonly number[],
  options: ToneSeriesOptions,
): number {
  let cost = bounds.starts.length + times.length;
  let first = 0;
  let end = 0;
  for (let index = 0; index < bounds.starts.length; index++) {
    const endMs = Math.min(bounds.ends[index] as number, options.toMs);
    const windowStartMs = windowStarts[index] as number;
    while (end < times.length && (times[end] as number) < endMs) end++;
    while (first < end && (times[first] as number) < windowStartMs) first++;
    cost += end - first;
  }
  return cost;
}

/** 422: a view whose computation would exceed the configured cost (`PARLEY_TONE_MAX_COST`). */
export class ToneViewTooCostly extends Refused {
  constructor(
    readonly cost: number,
    readonly limit: number,
    volatilityWindow: number,
  ) {
    // The records-per-window term dominates: a smaller window shrinks it in proportion.
    super(
      'tone-view-too-costly',
      `This view would visit ${cost} records (each bucket once, each record once per ` +
        `volatility window it falls in), over the limit of ${limit}: ask for ` +
        (volatilityWindow > 1
          ? 'a smaller volatilityWindow or a shorter range'
          : 'a shorter range'),
      volatilityWindow > 1 ? 'volatilityWindow' : 'from',
    );
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { cost: this.cost, limit: this.limit };
  }
}

/** The buckets' bounds and their ISO strings; at most {@link MAX_BUCKETS} of them. */
function bucketBounds(options: ToneSeriesOptions): ZoneBuckets {
  const cut = zoneBuckets(options.fromMs, options.toMs, options.bucket, options.zone, MAX_BUCKETS);
  if (cut === 'too-many') {
    throw new Refused(
      'too-many-buckets',
      `The range holds more than ${MAX_BUCKETS} ${options.bucket} buckets; choose a larger bucket or a shorter range`,
      'bucket',
    );
  }
  if (cut === null) throw new BadInput(`"${options.zone}" is not an IANA time zone`, 'tz');
  return cut;
}

/**
 * A bucket's values of one measure, summed from 0 in time order as `reduce` would; the
 * mean is the weighted one (Σ w·v / Σ w), which with every weight 1 is sum / n exactly.
 */
class Accumulator {
  private sum = 0;
  private weightedSum = 0;
  private totalWeight = 0;
  private n = 0;
  private min = Infinity;
  private max = -Infinity;

  add(value: number, weight: number): void {
    this.sum += value;
    this.weightedSum += weight * value;
    this.totalWeight += weight;
    this.n += 1;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
  }

  stats(ewma: number | null, deviation: number | null): MeasureStats {
    const volatility = deviation === null ? null : round(deviation);
    if (this.n === 0) return { mean: null, min: null, max: null, sum: 0, n: 0, ewma, volatility };
    return {
      mean: this.totalWeight > 0 ? round(this.weightedSum / this.totalWeight) : null,
      min: this.min,
      max: this.max,
      sum: round(this.sum),
      n: this.n,
      ewma,
      volatility,
    };
  }
}

/**
 * {@link sampleStandardDeviation} of the values at [first, end) that are present,
 * with its operations in its order, without gathering them into an array; under
 * weights, the frequency-weighted one (each value counted w times: Σ w in place of n),
 * which is the same operations when every weight is 1. Null with fewer than two
 * values of positive weight, or a total weight of at most 1.
 */
function deviation(
  values: Float64Array,
  present: Uint8Array,
  weights: Float64Array,
  first: number,
  end: number,
): number | null {
  let n = 0;
  let total = 0;
  let sum = 0;
  for (let i = first; i < end; i++) {
    const weight = weights[i] as number;
    if (present[i] && weight > 0) {
      sum += weight * (values[i] as number);
      total += weight;
      n++;
    }
  }
  if (n < 2 || total <= 1) return null;
  const mean = sum / total;
  let squares = 0;
  for (let i = first; i < end; i++) {
    const weight = weights[i] as number;
    if (present[i] && weight > 0) squares += weight * ((values[i] as number) - mean) ** 2;
  }
  return Math.sqrt(squares / (total - 1));
}

const NO_COUNTS = Object.fromEntries([...RECORD_KINDS, 'total'].map((k) => [k, 0])) as KindCounts;

function emptyCounts(): KindCounts {
  return { ...NO_COUNTS };
}

/**
 * Where each bucket's volatility window starts (epoch ms): at the start of the calendar
 * bucket `volatilityWindow − 1` buckets before it, so that the first buckets of a view
 * see as much history as the later ones and a bucket's volatility does not depend on
 * where the request's range happens to start.
 */
function volatilityWindowStarts(starts: readonly number[], options: ToneSeriesOptions): number[] {
  if (starts.length === 0) return [];
  const before = windowReach(options).slice(0, -1);
  const all = [...before, ...starts];
  return starts.map((_, index) => all[index] as number);
}

/** The earliest instant any window of the view reaches back to (for readers that fetch points). */
export function volatilityLookbackMs(options: ToneSeriesOptions): number {
  return windowReach(options)[0] ?? options.fromMs;
}

/** The first bucket's start and the `volatilityWindow − 1` before it, oldest first. */
function windowReach(options: ToneSeriesOptions): number[] {
  const size = options.volatilityWindow ?? DEFAULT_VOLATILITY_WINDOW;
  return bucketStartsUpTo(options.fromMs, options.bucket, options.zone, size - 1) ?? [];
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

  /** A point of weight `weight` (1 unless given; a point of weight 0 is not taken). */
  add(atMs: number, value: number, weight = 1): void {
    if (!(weight > 0)) return;
    if (this.mean === null) {
      this.mean = value;
      this.weight = weight;
    } else {
      this.weight *= 0.5 ** ((atMs - this.lastMs) / this.halfLifeMs);
      this.mean = (this.mean * this.weight + weight * value) / (this.weight + weight);
      this.weight += weight;
    }
    this.lastMs = atMs;
  }

  value(): number | null {
    return this.mean === null ? null : round(this.mean);
  }
}
