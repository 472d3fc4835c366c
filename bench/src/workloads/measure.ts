/** Wall time of an async piece of work, in seconds, by the monotonic clock. */
export async function timed(work: () => Promise<void> | void): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The q-quantile (0..1) of a list of numbers, by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Latencies of repeated synchronous calls for `seconds`: calls per second, p50 and p99 in ms. */
export function latencyLoop(
  seconds: number,
  call: () => void,
): { perSecond: number; p50Ms: number; p99Ms: number } {
  const samples: number[] = [];
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let now = start;
  while (now < end) {
    call();
    const after = process.hrtime.bigint();
    samples.push(Number(after - now) / 1e6);
    now = after;
  }
  const elapsed = Number(now - start) / 1e9;
  return {
    perSecond: samples.length / elapsed,
    p50Ms: quantile(samples, 0.5),
    p99Ms: quantile(samples, 0.99),
  };
}
