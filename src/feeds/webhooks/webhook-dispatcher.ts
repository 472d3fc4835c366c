import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, LogFilter, RecordedEvent } from '../../event-store/event-store.port';
import { comparePositions, type Position } from '../../event-store/position';
import { toCloudEvent } from '../cloud-event';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { selectorFor } from './subscription-filter';
import type { Subscription, SubscriptionStore } from './subscription.store';
import type { WebhookSender } from './webhook-sender';
import { signatureHeaders } from './webhook-signature';

/** What became of one delivery attempt: acknowledged (2xx), or not (any other answer, or none). */
export type AttemptOutcome = 'delivered' | 'failed';

export interface WebhookDispatcherOptions {
  readonly backoff: BackoffPolicy;
  readonly maxFailures: number;
  /** Whether this process may deliver: it holds the projections' lease (and serves HTTP). */
  readonly mayDeliver: () => boolean;
  /** How often the workers are matched to the stored subscriptions and the lease. */
  readonly syncMs?: number;
  readonly clock?: () => Date;
  readonly random?: () => number;
  /** The absolute URL of an event type's JSON Schema (the CloudEvent's `dataschema`), if known. */
  readonly dataschema?: (eventType: string) => string | undefined;
  /** Called after each attempt that ran to an answer (not one a stop aborted). */
  readonly onAttempt?: (outcome: AttemptOutcome) => void;
  /** Events read from the log at a time, per subscription: the most a worker holds. */
  readonly pageSize?: number;
}

interface Worker {
  readonly revision: number;
  readonly abort: AbortController;
  done: Promise<void>;
}

type Delivery = 'delivered' | 'paused' | 'stale' | 'stopped';

const DEFAULT_SYNC_MS = 500;
/**
 * A worker holds at most this many events, whatever its backlog: a hundred subscriptions
 * from `start` against a receiver that keeps failing once held their whole catch-up
 * buffers (2 GB on EventStoreDB, whose subscription streams the backlog regardless).
 */
const DEFAULT_PAGE_SIZE = 100;
/** W3C Trace Context `traceparent` (version 00 and later): what may go into a header. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(?:-.*)?$/;

/**
 * Delivers the log to each active subscription: one worker per subscription reads the
 * log after the subscription's own checkpoint, a page at a time, and sends the matching
 * events one at a time, in log order; the next is not sent before the previous was acknowledged (2xx)
 * and the checkpoint moved past it in SQLite. So delivery is at least once, in order,
 * and a crash repeats at most the one event in flight.
 *
 * Deliveries are a consumer of the log with their own checkpoints, like a projection,
 * but independent of the projections' checkpoints: a projection rebuild reads the log
 * again into new tables and appends nothing, so it never sends a webhook again.
 *
 * Only the process that holds the projections' lease delivers (one deliverer per
 * SQLite file); the others keep no worker. Operator changes made by any process bump
 * the subscription's revision: a worker started on an older revision can no longer
 * move the checkpoint, and the next sync replaces it.
 */
export class WebhookDispatcher {
  private readonly workers = new Map<string, Worker>();
  private readonly logger = new Logger('Webhooks');
  private readonly clock: () => Date;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly events: EventStore,
    private readonly sender: WebhookSender,
    private readonly options: WebhookDispatcherOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.stopped = false;
    this.sync();
    this.timer = setInterval(() => this.sync(), this.options.syncMs ?? DEFAULT_SYNC_MS);
    this.timer.unref();
  }

  /** Ends every worker: an attempt in flight is aborted and its event stays unacknowledged. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all([...this.workers.keys()].map((id) => this.stopWorker(id)));
  }

  /** Whether this process is delivering now. */
  isDelivering(): boolean {
    return !this.stopped && this.options.mayDeliver();
  }

  /** After an operator's change to one subscription: its worker restarts from the stored state. */
  async refresh(id: string): Promise<void> {
    await this.stopWorker(id);
    this.sync();
  }

  /** Matches the workers to the stored subscriptions and to this process's lease. */
  sync(): void {
    if (!this.isDelivering()) {
      for (const id of [...this.workers.keys()]) void this.stopWorker(id);
      return;
    }
    const stored = new Map(this.subscriptions.list().map((s) => [s.id, s]));
    for (const [id, worker] of [...this.workers]) {
      const subscription = stored.get(id);
      if (
        !subscription ||
        subscription.state !== 'active' ||
        subscription.revision !== worker.revision
      )
        void this.stopWorker(id);
    }
    for (const subscription of stored.values()) {
      if (subscription.state === 'active' && !this.workers.has(subscription.id))
        this.startWorker(subscription);
    }
  }

  private startWorker(subscription: Subscription): void {
    const worker: Worker = {
      revision: subscription.revision,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    this.workers.set(subscription.id, worker);
    worker.done = this.run(subscription, worker.abort.signal).catch((error: unknown) => {
      this.logger.error(`Webhook worker ${subscription.id} failed: ${String(error)}`);
    });
  }

  private async stopWorker(id: string): Promise<void> {
    const worker = this.workers.get(id);
    if (!worker) return;
    worker.abort.abort();
    await worker.done;
    // A newer worker may have been started meanwhile; only remove this one.
    if (this.workers.get(id) === worker) this.workers.delete(id);
  }

  /**
   * Reads the log after the checkpoint in pages of `pageSize` (one page held at a time,
   * however far behind the subscription is); once caught up, waits for the next event
   * with a live subscription that it closes at the first event, and reads pages again.
   */
  private async run(subscription: Subscription, signal: AbortSignal): Promise<void> {
    const { read, matches } = selectorFor(subscription.filter);
    if (read.reads === 'nothing') return;
    const filter = read.reads === 'filtered' ? read.filter : undefined;
    const pageSize = this.options.pageSize ?? DEFAULT_PAGE_SIZE;
    let cursor = subscription.position ?? undefined;
    let readFailures = 0;
    while (!signal.aborted) {
      let page: RecordedEvent[];
      let head: Position | undefined;
      try {
        head = await this.events.headPosition();
        page = await this.events.readAll({
          ...(cursor ? { from: cursor } : {}),
          ...(filter ? { filter } : {}),
          limit: pageSize,
        });
        readFailures = 0;
      } catch (error) {
        if (signal.aborted) return;
        // The log could not be read (an event that cannot be upcast, a lost connection):
        // not the receiver's fault, so it is not counted against the subscription.
        readFailures += 1;
        this.logger.warn(
          `Webhook ${subscription.id} cannot read the log after ${cursor ?? 'the start'}: ${String(error)}`,
        );
        if (
          !(await this.wait(backoffDelay(readFailures, this.options.backoff, this.random), signal))
        )
          return;
        continue;
      }
      for (const event of page) {
        if (signal.aborted) return;
        if (matches(event) && (await this.deliver(subscription, event, signal)) !== 'delivered')
          return;
        cursor = event.position;
      }
      if (page.length >= pageSize) continue;
      // A short page read everything up to `head` (read before it; positions only grow):
      // a filter that matches little is not rescanned from its last match every time.
      if (head !== undefined && (cursor === undefined || comparePositions(head, cursor) > 0))
        cursor = head;
      if (!(await this.nextEvent(cursor, filter, signal))) return;
    }
  }

  /**
   * Waits until the log has an event after `cursor` (true), or the worker stops or the
   * store closes (false). The live subscription is closed at its first event, so it
   * never buffers a backlog the worker has not asked for.
   */
  private async nextEvent(
    cursor: Position | undefined,
    filter: LogFilter | undefined,
    signal: AbortSignal,
  ): Promise<boolean> {
    const live = new AbortController();
    const stop = (): void => live.abort();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const event of this.events.subscribeToAll({
        ...(cursor ? { from: cursor } : {}),
        ...(filter ? { filter } : {}),
        signal: live.signal,
      })) {
        void event;
        return true;
      }
      return false;
    } catch (error) {
      if (signal.aborted) return false;
      this.logger.warn(`Webhook worker cannot follow the log: ${String(error)}`);
      return this.wait(backoffDelay(1, this.options.backoff, this.random), signal);
    } finally {
      live.abort();
      signal.removeEventListener('abort', stop);
    }
  }

  /** Sends one event until it is acknowledged, the subscription pauses, or the worker stops. */
  private async deliver(
    subscription: Subscription,
    event: RecordedEvent,
    signal: AbortSignal,
  ): Promise<Delivery> {
    const body = deliveryBody(event, this.options.dataschema);
    const traceparent = traceparentOf(event);
    let failures = this.subscriptions.get(subscription.id)?.consecutiveFailures ?? 0;
    for (;;) {
      if (signal.aborted) return 'stopped';
      const now = this.clock();
      // Read for each attempt: a rotation signs the next attempt with the new secret.
      const secrets = this.subscriptions.signingSecrets(subscription.id, now);
      if (!secrets) return 'stale';
      const result = await this.sender.send({
        url: subscription.url,
        headers: {
          ...signatureHeaders(secrets, event.id, now.getTime() / 1000, body),
          ...(traceparent === undefined ? {} : { traceparent }),
        },
        body,
        signal,
      });
      if (result.ok || !signal.aborted)
        this.options.onAttempt?.(result.ok ? 'delivered' : 'failed');
      // An acknowledgement that arrived is kept even if a stop came meanwhile.
      if (result.ok) {
        const at = this.clock().toISOString();
        return this.subscriptions.acknowledge(
          subscription.id,
          subscription.revision,
          event.position,
          at,
        )
          ? 'delivered'
          : 'stale';
      }
      if (signal.aborted) return 'stopped';
      const outcome = this.subscriptions.recordFailure(
        subscription.id,
        subscription.revision,
        {
          position: event.position,
          eventId: event.id,
          attempt: failures + 1,
          status: result.status,
          error: result.error,
          at: this.clock().toISOString(),
        },
        this.options.maxFailures,
      );
      if (!outcome) return 'stale';
      failures = outcome.consecutiveFailures;
      if (outcome.paused) {
        this.logger.warn(
          `Webhook ${subscription.id} paused after ${failures} failures: ${result.error}`,
        );
        return 'paused';
      }
      const delay = backoffDelay(failures, this.options.backoff, this.random);
      if (!(await this.wait(delay, signal))) return 'stopped';
    }
  }

  /** False when the worker was stopped while waiting. */
  private async wait(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal });
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The feeds' shared CloudEvents envelope, in its structured JSON form. `dataschema` only
 * when PARLEY_PUBLIC_URL says where the schemas are served: it must be an absolute URI,
 * and a delivery, unlike an SSE request, answers no request to take an address from.
 * The writer's trace context rides along as the distributed-tracing extension's
 * `traceparent` attribute.
 */
function deliveryBody(
  event: RecordedEvent,
  dataschema: ((eventType: string) => string | undefined) | undefined,
): string {
  const { data, ...attributes } = toCloudEvent(event, {
    dataschema: dataschema ?? (() => undefined),
  });
  const traceparent = traceparentOf(event);
  return JSON.stringify({
    ...attributes,
    ...(traceparent === undefined ? {} : { traceparent }),
    data,
  });
}

/** The event's W3C trace context, when it has a well-formed one (older events have none). */
function traceparentOf(event: RecordedEvent): string | undefined {
  const { traceparent } = event.metadata as { readonly traceparent?: unknown };
  return typeof traceparent === 'string' && TRACEPARENT.test(traceparent) ? traceparent : undefined;
}
