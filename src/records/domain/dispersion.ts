/**
 * Volatility, as parley reports it everywhere (the tone view's rolling volatility and the
 * dyad summary's): the sample standard deviation of the record values in a window,
 *
 *     s = √( Σ (xᵢ − x̄)² / (n − 1) )
 *
 * with Bessel's n − 1, the unbiased estimate of the variance, because a window of a
 * handful of records is a sample of how the relationship behaves, not the whole of it.
 * Null with fewer than two values: one record has no spread to measure, and 0 would
 * claim a calm that nothing shows.
 */
export function sampleStandardDeviation(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  // Two passes: the mean first, then the squared deviations from it, which stays exact
  // where Σx² − (Σx)²/n would cancel.
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const squares = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return Math.sqrt(squares / (n - 1));
}
