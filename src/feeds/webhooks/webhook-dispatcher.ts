import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { toCloudEvent } from '../cloud-event';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { selectorFor } from './subscription-filter';
import type { Subscription, SubscriptionStore } from './subscription.store';
import type { WebhookSender } from './webhook-sender';
import { signatureHeaders } from './webhook-signature';

export interface WebhookDispatcherOptions {
  readonly backoff: BackoffPolicy;
  readonly maxFailures: number;
  /** Whether this process may deliver: it holds the projections' lease (and serves HTTP). */
  readonly mayDeliver: () => boolean;
  /** How often the workers are matched to the stored subscriptions and the lease. */
  readonly syncMs?: number;
  readonly clock?: () => Date;
  readonly random?: () => number;
}

interface Worker {
  readonly revision: number;
  readonly abort: AbortController;
  done: Promise<void>;
}

type Delivery = 'delivered' | 'paused' | 'stale' | 'stopped';

const DEFAULT_SYNC_MS = 500;

/**
 * Delivers the log to each active subscription: one worker per subscription reads the
 * log after the subscription's own checkpoint and sends the matching events one at a
 * time, in log order; the next is not sent before the previous was acknowledged (2xx)
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

  private async run(subscription: Subscription, signal: AbortSignal): Promise<void> {
    const { read, matches } = selectorFor(subscription.filter);
    if (read.reads === 'nothing') return;
    let checkpoint = subscription.position ?? undefined;
    let readFailures = 0;
    while (!signal.aborted) {
      try {
        const events = this.events.subscribeToAll({
          ...(checkpoint ? { from: checkpoint } : {}),
          ...(read.reads === 'filtered' ? { filter: read.filter } : {}),
          signal,
        });
        for await (const event of events) {
          readFailures = 0;
          if (!matches(event)) continue;
          const outcome = await this.deliver(subscription, event, signal);
          if (outcome !== 'delivered') return;
          checkpoint = event.position;
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        // The log could not be read (an event that cannot be upcast, a lost connection):
        // not the receiver's fault, so it is not counted against the subscription.
        readFailures += 1;
        this.logger.warn(
          `Webhook ${subscription.id} cannot read the log after ${checkpoint ?? 'the start'}: ${String(error)}`,
        );
        if (
          !(await this.wait(backoffDelay(readFailures, this.options.backoff, this.random), signal))
        )
          return;
      }
    }
  }

  /** Sends one event until it is acknowledged, the subscription pauses, or the worker stops. */
  private async deliver(
    subscription: Subscription,
    event: RecordedEvent,
    signal: AbortSignal,
  ): Promise<Delivery> {
    // The feeds' shared CloudEvents envelope. No `dataschema`: it must be an absolute URI,
    // and a delivery, unlike an SSE request, has no origin the service was addressed at.
    const body = JSON.stringify(toCloudEvent(event, { dataschema: () => undefined }));
    let failures = this.subscriptions.get(subscription.id)?.consecutiveFailures ?? 0;
    for (;;) {
      if (signal.aborted) return 'stopped';
      const timestamp = Math.floor(this.clock().getTime() / 1000);
      const result = await this.sender.send({
        url: subscription.url,
        headers: signatureHeaders(subscription.secret, event.id, timestamp, body),
        body,
        signal,
      });
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
