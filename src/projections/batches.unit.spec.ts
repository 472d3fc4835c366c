import { batches } from './batches';

/** A source the test feeds by hand: `next()` waits until an item is pushed or the feed ends. */
class Feed<T> implements AsyncIterable<T>, AsyncIterator<T> {
  returned = 0;
  private readonly items: T[] = [];
  private ended = false;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;

  push(...items: T[]): void {
    for (const item of items) {
      const resolve = this.waiting;
      this.waiting = undefined;
      if (resolve) resolve({ value: item, done: false });
      else this.items.push(item);
    }
  }

  end(): void {
    this.ended = true;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.returned += 1;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this;
  }
}

// All items are ready at once: that is the point, so there is nothing to await.
// eslint-disable-next-line @typescript-eslint/require-await
async function* ready<T>(...items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function collect<T>(source: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const batch of source) all.push(batch);
  return all;
}

/** Lets every pending callback of this turn of the event loop run. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('batches', () => {
  it('hands on the items already available as one batch, up to maxSize', async () => {
    expect(await collect(batches(ready(1, 2, 3, 4, 5, 6, 7), 3))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7],
    ]);
    expect(await collect(batches(ready(1, 2, 3, 4, 5), 100))).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('ends without a batch for an empty source', async () => {
    expect(await collect(batches(ready<number>(), 10))).toEqual([]);
  });

  it('hands on a batch as soon as the next item would need a wait, and later items in their own batch', async () => {
    const feed = new Feed<number>();
    const grouped = batches(feed, 10);

    feed.push(1, 2);
    expect(await grouped.next()).toEqual({ value: [1, 2], done: false });

    feed.push(3);
    expect(await grouped.next()).toEqual({ value: [3], done: false });

    feed.push(4, 5, 6);
    expect(await grouped.next()).toEqual({ value: [4, 5, 6], done: false });

    feed.end();
    expect(await grouped.next()).toEqual({ value: undefined, done: true });
  });

  it('separates items that arrive after a timer from those ready before it', async () => {
    // Fake timers hold the source's timer until the test moves the clock; batches' own
    // look at the next turn (setImmediate) stays real.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      async function* withPause(): AsyncGenerator<string> {
        yield 'a';
        yield 'b';
        await new Promise((resolve) => setTimeout(resolve, 1000));
        yield 'c';
        yield 'd';
      }
      const grouped = batches(withPause(), 10);
      expect(await grouped.next()).toEqual({ value: ['a', 'b'], done: false });
      jest.advanceTimersByTime(1000);
      expect(await grouped.next()).toEqual({ value: ['c', 'd'], done: false });
      expect(await grouped.next()).toEqual({ value: undefined, done: true });
    } finally {
      jest.useRealTimers();
    }
  });

  it("calls the source's return when the consumer breaks early", async () => {
    const feed = new Feed<number>();
    feed.push(1, 2, 3, 4, 5);
    const seen: number[][] = [];
    for await (const batch of batches(feed, 2)) {
      seen.push(batch);
      break;
    }
    expect(seen).toEqual([[1, 2]]);
    expect(feed.returned).toBe(1);
  });

  it('closes an async generator source when the consumer breaks early', async () => {
    let closed = false;
    // eslint-disable-next-line @typescript-eslint/require-await -- every item is ready
    async function* source(): AsyncGenerator<number> {
      try {
        for (let i = 1; i <= 100; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const batch of batches(source(), 4)) {
      expect(batch).toEqual([1, 2, 3, 4]);
      break;
    }
    expect(closed).toBe(true);
  });

  it('lets a consumer stop at once while a generator source waits for its next item', async () => {
    // A live subscription between appends: its next() is in flight, waiting. A generator
    // queues return() behind that next(), so stopping must not wait for it.
    let wake: () => void = () => undefined;
    const quiet = new Promise<void>((resolve) => (wake = resolve));
    let closed = false;
    async function* live(): AsyncGenerator<number> {
      try {
        yield 1;
        await quiet;
        yield 2;
      } finally {
        closed = true;
      }
    }

    let stopped = false;
    const consumer = (async () => {
      for await (const batch of batches(live(), 10)) {
        expect(batch).toEqual([1]);
        break;
      }
      stopped = true;
    })();
    await Promise.race([consumer, nextTurn().then(nextTurn)]);
    expect(stopped).toBe(true);

    // The source is still closed once it wakes: its finally runs.
    wake();
    await nextTurn();
    expect(closed).toBe(true);
    await consumer;
  });

  it('passes a consumer error on at once while a generator source waits for its next item', async () => {
    let wake: () => void = () => undefined;
    const quiet = new Promise<void>((resolve) => (wake = resolve));
    async function* live(): AsyncGenerator<number> {
      yield 1;
      await quiet;
      yield 2;
    }

    let failure: unknown;
    const consumer = (async () => {
      for await (const _batch of batches(live(), 10)) throw new Error('projection failed');
    })().catch((error: unknown) => {
      failure = error;
    });
    await Promise.race([consumer, nextTurn().then(nextTurn)]);
    expect(failure).toEqual(new Error('projection failed'));

    wake();
    await consumer;
  });

  it('lets the event loop turn between the batches of a source that never waits (a SQLite catch-up)', async () => {
    // Every item already there, as SQLite's page is: each next() settles in a microtask.
    const inMemory = (): AsyncIterable<number> => ({
      [Symbol.asyncIterator]: () => {
        let i = 0;
        return {
          next: () =>
            Promise.resolve<IteratorResult<number>>(
              i < 5_000 ? { value: i++, done: false } : { value: undefined, done: true },
            ),
        };
      },
    });
    // What a request or a timer waiting on the event loop would see: batches handed on
    // before it runs.
    let batchesBeforeTheLoopTurned: number | undefined;
    let seen = 0;
    setImmediate(() => (batchesBeforeTheLoopTurned = seen));

    const sizes: number[] = [];
    for await (const batch of batches(inMemory(), 1_000)) {
      sizes.push(batch.length);
      seen += 1;
    }

    expect(sizes).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
    expect(batchesBeforeTheLoopTurned).toBe(1);
  });
});
