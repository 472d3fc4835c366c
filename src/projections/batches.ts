/**
 * Groups an async iterable into batches of what is ready now: items that arrive
 * without waiting on I/O join the current batch (up to `maxSize`); a batch is handed
 * on as soon as the next item would need a wait. A catch-up over a million events thus
 * commits in large transactions, while a live event is committed without delay.
 */
export async function* batches<T>(source: AsyncIterable<T>, maxSize: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    for (;;) {
      const first = await (pending ?? iterator.next());
      pending = undefined;
      if (first.done) return;
      const batch = [first.value];
      // One turn of the event loop per batch, which every item of it races: a source
      // that answers from memory (SQLite, synchronously) fills the batch before it comes.
      const turn = nextTurn();
      while (batch.length < maxSize) {
        pending = iterator.next();
        const next = await Promise.race([pending, turn]);
        if (next === NOT_READY) break;
        pending = undefined;
        if (next.done) {
          yield batch;
          return;
        }
        batch.push(next.value);
      }
      yield batch;
      // Then let the event loop turn before the next batch. A catch-up from SQLite never
      // waits on I/O otherwise: it would hold off requests until it ended, and every
      // race above would stay pending with its item until the loop came round (a
      // rebuild of a million events held them all: 2.4 GB).
      await turn;
    }
  } finally {
    if (pending) {
      // A generator queues return() behind the next() in flight, which on a quiet live
      // feed waits for an event that may not come: close it without waiting, so a
      // consumer that stops or fails is not held until the next append.
      void pending.catch(() => undefined);
      void iterator.return?.().catch(() => undefined);
    } else {
      await iterator.return?.();
    }
  }
}

const NOT_READY = Symbol('not ready');

function nextTurn(): Promise<typeof NOT_READY> {
  return new Promise((resolve) => setImmediate(() => resolve(NOT_READY)));
}
