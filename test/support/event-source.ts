import { EventSource } from 'eventsource';
import { authHeaders } from './api-keys';

/**
 * A real EventSource (the `eventsource` package, as a downstream service runs it) that
 * sends the test key: browsers' EventSource cannot set headers, this one takes a fetch.
 */
export function authorizedEventSource(url: string): EventSource {
  return new EventSource(url, {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...init.headers, ...authHeaders() } }),
  });
}
