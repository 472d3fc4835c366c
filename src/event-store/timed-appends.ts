import type { Histogram } from 'prom-client';
import type { EventStore } from './event-store.port';

/** Times every append of `store` into `histogram`; the store is returned, its other methods untouched. */
export function timeAppends(store: EventStore, histogram: Histogram<'outcome'>): EventStore {
  const append = store.append.bind(store);
  store.append = async (...args: Parameters<EventStore['append']>) => {
    const end = histogram.startTimer();
    try {
      const result = await append(...args);
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: 'error' });
      throw error;
    }
  };
  return store;
}
