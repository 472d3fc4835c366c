import type { Counter, Histogram } from 'prom-client';
import type { EventStore } from './event-store.port';

/**
 * Times every append of `store` into `histogram` and counts the events it wrote into
 * `appended` by type; the store is returned, its other methods untouched.
 */
export function timeAppends(
  store: EventStore,
  histogram: Histogram<'outcome'>,
  appended?: Counter<'type'>,
): EventStore {
  const append = store.append.bind(store);
  store.append = async (...args: Parameters<EventStore['append']>) => {
    const end = histogram.startTimer();
    try {
      const result = await append(...args);
      end({ outcome: 'ok' });
      // An idempotent retry wrote nothing: the first append counted its events.
      if (appended && !result.alreadyAppended)
        for (const event of args[1]) appended.inc({ type: event.type });
      return result;
    } catch (error) {
      end({ outcome: 'error' });
      throw error;
    }
  };
  return store;
}
