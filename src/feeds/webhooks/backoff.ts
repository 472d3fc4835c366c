export interface BackoffPolicy {
  /** The ceiling of the first retry's wait, in ms. */
  readonly baseMs: number;
  /** The largest ceiling, however many attempts failed. */
  readonly capMs: number;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
 * and Jitter"): after the n-th consecutive failure, wait a uniformly random time in
 * [0, min(cap, base * 2^(n-1))). The jitter spreads retries of many subscriptions to
 * one recovering receiver instead of sending them all in the same instant.
 */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 40);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
