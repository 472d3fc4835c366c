import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds: from a cached read (a few ms) to a slow store or a stalled import (10 s). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: an embedded SQLite append takes well under a millisecond, a remote store more. */
const APPEND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * The service's Prometheus metrics, in a registry of their own: one per application,
 * so that several apps in one process (the tests) neither share nor clash on metrics.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Labelled by the route's pattern (`/records/:id`), never the raw URL: ids would explode the series. */
  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its response, by route pattern.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'parley_append_duration_seconds',
    help: 'Time an append to the event store takes, by outcome (ok, or error: a conflict included).',
    labelNames: ['outcome'] as const,
    buckets: APPEND_BUCKETS,
    registers: [this.registry],
  });

  /**
   * By event type: a bounded label, the types being the capabilities' own few (`GET
   * /schemas`). An idempotent retry that writes nothing counts nothing.
   */
  readonly eventsAppended = new Counter({
    name: 'parley_events_appended_total',
    help: 'Events this process appended to the event store, by event type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
