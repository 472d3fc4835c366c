/**
 * Change points in the mean of a series, found by PELT: R. Killick, P. Fearnhead and
 * I. A. Eckley, "Optimal detection of changepoints with a linear computational cost",
 * Journal of the American Statistical Association 107(500):1590–1598 (2012),
 * doi:10.1080/01621459.2012.737745.
 *
 * PELT finds the segmentation that minimises Σ C(segment) + β · (number of changes)
 * exactly, like optimal partitioning, but prunes every candidate last change that can
 * never again be optimal, which makes it linear in practice. The cost here is the
 * Gaussian change-in-mean cost, the sum of squared deviations from the segment's mean
 * (twice the negative log-likelihood times σ², σ known); it satisfies the paper's
 * condition C(a) + C(b) ≤ C(a ∪ b) with K = 0.
 */

/** R's `mad` constant: 1.4826 × the median absolute deviation estimates σ of a normal sample. */
const MAD_TO_SIGMA = 1.4826;

export interface PeltOptions {
  /** β: what one more change must save in cost (sum of squares) to be worth making. */
  readonly penalty: number;
  /** The fewest values a segment may hold (at least 1). */
  readonly minSegment: number;
}

/**
 * The change points of `values` as indices: each is the index of the first value of a
 * new segment, in increasing order, never 0. An empty array: one segment, no change.
 */
export function pelt(values: readonly number[], options: PeltOptions): number[] {
  const { penalty, minSegment } = checked(options);
  const n = values.length;
  if (n < 2 * minSegment) return [];
  const cost = segmentCost(values);
  const best = new Float64Array(n + 1).fill(Infinity);
  const lastChange = new Int32Array(n + 1);
  best[0] = -penalty;
  // The candidate last changes, as parallel arrays compacted in place (this loop is the
  // whole cost of a request). When PELT's test shows a candidate s can no longer be
  // optimal it is still kept for the next minSegment − 1 ends: the pruning argument puts
  // the change at t instead, and a segment (t, T] shorter than minSegment is not
  // allowed, so only ends T ≥ t + minSegment are covered by it.
  const starts = new Int32Array(n + 1);
  const expires = new Float64Array(n + 1);
  const costs = new Float64Array(n + 1);
  let count = 1;
  starts[0] = 0;
  expires[0] = Infinity;
  for (let t = minSegment; t <= n; t++) {
    // t − minSegment becomes a possible last change once a full segment fits after it,
    // and only if a segmentation can end there (it is 0, or at least minSegment).
    if (t - minSegment >= minSegment) {
      starts[count] = t - minSegment;
      expires[count] = Infinity;
      count++;
    }
    let bestValue = Infinity;
    let bestChange = 0;
    for (let i = 0; i < count; i++) {
      const s = starts[i] as number;
      const segment = cost(s, t);
      costs[i] = segment;
      if ((expires[i] as number) <= t) continue;
      const value = (best[s] as number) + segment + penalty;
      // Strictly less: among equally good segmentations, the earliest change wins.
      if (value < bestValue) {
        bestValue = value;
        bestChange = s;
      }
    }
    best[t] = bestValue;
    lastChange[t] = bestChange;
    // Prune (K = 0): s stays only while F(s) + C(s, t) ≤ F(t); a hair of tolerance keeps
    // rounding from pruning a candidate that ties.
    const tolerance = 1e-9 * (1 + Math.abs(bestValue));
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const s = starts[i] as number;
      let expiry = expires[i] as number;
      if (expiry === Infinity && (best[s] as number) + (costs[i] as number) > bestValue + tolerance)
        expiry = t + minSegment;
      if (expiry > t + 1) {
        starts[kept] = s;
        expires[kept] = expiry;
        kept++;
      }
    }
    count = kept;
  }
  const changes: number[] = [];
  for (let t = n; t > 0; t = lastChange[t] as number)
    if ((lastChange[t] as number) > 0) changes.push(lastChange[t] as number);
  return changes.reverse();
}

/**
 * Optimal partitioning (Jackson et al. 2005) without pruning: the same minimum by
 * brute force, O(n²). Kept beside PELT so tests can hold PELT's pruning to it.
 */
export function optimalPartitioning(values: readonly number[], options: PeltOptions): number[] {
  const { penalty, minSegment } = checked(options);
  const n = values.length;
  if (n < 2 * minSegment) return [];
  const cost = segmentCost(values);
  const best = new Float64Array(n + 1).fill(Infinity);
  const lastChange = new Int32Array(n + 1);
  best[0] = -penalty;
  for (let t = minSegment; t <= n; t++) {
    for (let s = 0; s <= t - minSegment; s++) {
      if (s > 0 && s < minSegment) continue;
      const value = (best[s] as number) + cost(s, t) + penalty;
      if (value < (best[t] as number)) {
        best[t] = value;
        lastChange[t] = s;
      }
    }
  }
  const changes: number[] = [];
  for (let t = n; t > 0; t = lastChange[t] as number)
    if ((lastChange[t] as number) > 0) changes.push(lastChange[t] as number);
  return changes.reverse();
}

/**
 * σ of the noise, robust to the very shifts being looked for: the median absolute
 * deviation of the first differences, scaled to σ (× 1.4826) and divided by √2 since a
 * difference of two noisy values carries twice the variance. A level shift spoils only
 * the one difference across it, so a few shifts leave the median alone. (The estimator
 * the changepoint literature uses, e.g. Fryzlewicz 2014 and Maidstone et al. 2017.)
 *
 * Coded tones are often whole numbers that repeat, which can make more than half of the
 * differences equal and the MAD zero; the standard deviation of the differences / √2
 * stands in then. Zero only for a constant series (or fewer than two values).
 */
export function noiseSigma(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const differences = values.slice(1).map((v, i) => v - (values[i] as number));
  const center = median(differences);
  const mad = median(differences.map((d) => Math.abs(d - center)));
  if (mad > 0) return (MAD_TO_SIGMA * mad) / Math.SQRT2;
  const mean = differences.reduce((a, b) => a + b, 0) / differences.length;
  const spread = Math.sqrt(
    differences.reduce((a, b) => a + (b - mean) ** 2, 0) / differences.length,
  );
  return spread / Math.SQRT2;
}

/**
 * The BIC (Schwarz) penalty for a change in mean with σ² estimated: 2 σ² ln n, on the
 * scale of the sum-of-squares cost (each change adds a location and a mean; the
 * `changepoint` package's "BIC" penalty for cpt.mean, 2 ln n on data scaled to σ = 1).
 */
export function bicPenalty(sigma: number, n: number): number {
  return n < 2 ? 0 : 2 * sigma ** 2 * Math.log(n);
}

export interface Segment {
  /** Index of the first value. */
  readonly start: number;
  /** Index one past the last value. */
  readonly end: number;
  readonly mean: number;
}

/** The segments that the change points cut `values` into, with their means. */
export function segmentsOf(values: readonly number[], changes: readonly number[]): Segment[] {
  const bounds = [0, ...changes, values.length];
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i] as number;
    const end = bounds[i + 1] as number;
    if (end <= start) continue;
    const slice = values.slice(start, end);
    segments.push({ start, end, mean: slice.reduce((a, b) => a + b, 0) / slice.length });
  }
  return segments;
}

/** C(s, t): Σ (yᵢ − ȳ)² over values [s, t), from prefix sums of the centred series. */
function segmentCost(values: readonly number[]): (s: number, t: number) => number {
  const n = values.length;
  // Centring first keeps Σy² − (Σy)²/m from cancelling away the digits that matter.
  const offset = n === 0 ? 0 : values.reduce((a, b) => a + b, 0) / n;
  const sums = new Float64Array(n + 1);
  const squares = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const y = (values[i] as number) - offset;
    sums[i + 1] = (sums[i] as number) + y;
    squares[i + 1] = (squares[i] as number) + y * y;
  }
  return (s, t) => {
    const sum = (sums[t] as number) - (sums[s] as number);
    const square = (squares[t] as number) - (squares[s] as number);
    return Math.max(0, square - (sum * sum) / (t - s));
  };
}

function checked(options: PeltOptions): PeltOptions {
  if (!(options.penalty >= 0) || !Number.isFinite(options.penalty))
    throw new RangeError(`penalty must be a finite number ≥ 0, not ${options.penalty}`);
  if (!Number.isInteger(options.minSegment) || options.minSegment < 1)
    throw new RangeError(`minSegment must be a whole number ≥ 1, not ${options.minSegment}`);
  return options;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
