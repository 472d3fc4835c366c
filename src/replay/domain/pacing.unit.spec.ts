import { MAX_PACED_GAP_MS, Pacer, pacingDelayMs, pacingDelays, type PacingClock } from './pacing';

const at = (minutes: number): string =>
  new Date(Date.UTC(2025, 0, 1) + minutes * 60_000).toISOString();

describe('pacing delays', () => {
  it('plays an hour of recorded time in a minute at speed 60', () => {
    const hour = [0, 10, 20, 30, 40, 50, 60].map(at);
    const delays = pacingDelays(hour, 60, Number.POSITIVE_INFINITY);
    expect(delays).toEqual([0, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(60_000);
  });

  it('divides the recorded gap by the speed', () => {
    expect(pacingDelayMs(at(0), at(1), 60)).toBe(1_000);
    expect(pacingDelayMs(at(0), at(1), 120)).toBe(500);
    expect(pacingDelayMs(at(0), at(0.01), 0.5)).toBe(1_200);
  });

  it(`waits at most ${MAX_PACED_GAP_MS} ms between two events, or the given cap`, () => {
    expect(pacingDelayMs(at(0), at(60 * 24 * 365), 60)).toBe(MAX_PACED_GAP_MS);
    expect(pacingDelays([at(0), at(60), at(61)], 60, 2_000)).toEqual([0, 2_000, 1_000]);
  });

  it('waits nothing before the first event, nor for events recorded at the same time or out of clock order', () => {
    expect(pacingDelayMs(undefined, at(5), 60)).toBe(0);
    expect(pacingDelayMs(at(5), at(5), 60)).toBe(0);
    expect(pacingDelayMs(at(5), at(4), 60)).toBe(0);
  });
});

/** A clock that only moves when the pacer sleeps, or when the test says time passed. */
function fakeClock(): PacingClock & { sleeps: number[]; advance(ms: number): void } {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => (now += ms),
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('Pacer', () => {
  it('sleeps each delay in turn', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(60, clock);
    for (const t of [0, 1, 3].map(at)) await pacer.waitFor(t);
    expect(clock.sleeps).toEqual([1_000, 2_000]);
  });

  it('counts the time spent between two events towards the pause', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(60, clock);
    await pacer.waitFor(at(0));
    clock.advance(300);
    await pacer.waitFor(at(1));
    expect(clock.sleeps).toEqual([700]);
  });

  it('does not burst after a slow reader: the next pause counts from when it caught up', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(60, clock);
    await pacer.waitFor(at(0));
    clock.advance(5_000);
    await pacer.waitFor(at(1));
    await pacer.waitFor(at(2));
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('passes the abort signal to the sleep', async () => {
    const seen: (AbortSignal | undefined)[] = [];
    const pacer = new Pacer(1, {
      now: () => 0,
      sleep: (_ms, signal) => {
        seen.push(signal);
        return Promise.resolve();
      },
    });
    const abort = new AbortController();
    await pacer.waitFor(at(0), abort.signal);
    await pacer.waitFor(at(1), abort.signal);
    expect(seen).toEqual([abort.signal]);
  });
});
