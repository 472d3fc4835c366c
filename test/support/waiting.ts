/**
 * Polls `probe` until it returns a value other than undefined, at most `timeoutMs`:
 * a bounded wait on an eventually consistent read, never a fixed sleep.
 */
export async function pollUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Waits until the wall clock has passed `instant` by `marginMs`, so that two writes get distinct recorded times. */
export async function clockPast(instant: string, marginMs = 3): Promise<void> {
  const target = Date.parse(instant) + marginMs;
  await pollUntil(
    () => (Date.now() > target ? true : undefined),
    `the clock to pass ${instant}`,
    marginMs + 1000,
  );
}
