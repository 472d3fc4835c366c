/**
 * Paced replay: events are sent N times faster than they were recorded, so `speed=60`
 * plays an hour of recorded history in a minute.
 */

/**
 * The longest pause between two paced events, whatever the speed: a replay of a quiet
 * year must not hang on one gap. Documented in the README next to `speed`.
 */
export const MAX_PACED_GAP_MS = 5_000;

/**
 * How long to wait before sending an event recorded at `recordedAt`, after one recorded
 * at `previousRecordedAt`: their recorded-time gap divided by `speed`, at most `capMs`.
 * The first event (no previous) and events recorded out of clock order wait nothing.
 */
export function pacingDelayMs(
  previousRecordedAt: string | undefined,
  recordedAt: string,
  speed: number,
  capMs: number = MAX_PACED_GAP_MS,
): number {
  if (previousRecordedAt === undefined) return 0;
  const gap = Date.parse(recordedAt) - Date.parse(previousRecordedAt);
  if (!(gap > 0)) return 0;
  return Math.min(gap / speed, capMs);
}

/** The delay before each event of a sequence (the first is 0). */
export function pacingDelays(
  recordedAts: readonly string[],
  speed: number,
  capMs: number = MAX_PACED_GAP_MS,
): number[] {
  return recordedAts.map((recordedAt, i) =>
    pacingDelayMs(i === 0 ? undefined : recordedAts[i - 1], recordedAt, speed, capMs),
  );
}

/** The clock a pacer runs on; tests give it a fake one. */
export interface PacingClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Waits out each event's delay, measured from when the previous event was released,
 * so the time spent reading the store counts towards the pause. A reader that fell
 * behind is not answered with a burst: the next delay counts from when it caught up.
 */
export class Pacer {
  private previousRecordedAt: string | undefined;
  private releasedAt: number | undefined;

  constructor(
    private readonly speed: number,
    private readonly clock: PacingClock,
    private readonly capMs: number = MAX_PACED_GAP_MS,
  ) {}

  /** Resolves when the event recorded at `recordedAt` is due (at once on abort). */
  async waitFor(recordedAt: string, signal?: AbortSignal): Promise<void> {
    const delay = pacingDelayMs(this.previousRecordedAt, recordedAt, this.speed, this.capMs);
    this.previousRecordedAt = recordedAt;
    const now = this.clock.now();
    const due = this.releasedAt === undefined ? now : this.releasedAt + delay;
    if (due > now) await this.clock.sleep(due - now, signal);
    this.releasedAt = Math.max(due, this.clock.now());
  }
}
