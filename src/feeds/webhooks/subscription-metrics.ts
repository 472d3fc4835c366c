import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../../observability/metrics';
import type { AttemptOutcome } from './webhook-dispatcher';
import type { SubscriptionState, SubscriptionStore } from './subscription.store';

const SUBSCRIPTION_STATES = Object.keys({
  active: true,
  paused: true,
} satisfies Record<SubscriptionState, true>) as SubscriptionState[];

const ATTEMPT_OUTCOMES = Object.keys({
  delivered: true,
  failed: true,
} satisfies Record<AttemptOutcome, true>) as AttemptOutcome[];

/** The webhook subscriptions' gauges, read at scrape time from the subscriptions table. */
export function registerSubscriptionMetrics(
  metrics: Metrics,
  subscriptions: SubscriptionStore,
): void {
  const registers = [metrics.registry];
  // One grouped query per scrape, whatever the number of subscriptions.
  const totals = (state: SubscriptionState) =>
    subscriptions.stateTotals().find((t) => t.state === state);

  new Gauge({
    name: 'parley_webhook_subscriptions',
    help: 'Webhook subscriptions, by state.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      for (const state of SUBSCRIPTION_STATES) this.set({ state }, totals(state)?.count ?? 0);
    },
  });

  // Each subscription's consecutive failures (cleared by a delivery): a gauge of those.
  new Gauge({
    name: 'parley_webhook_consecutive_failures',
    help: 'Failed delivery attempts since the last success, summed over subscriptions, by state.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      for (const state of SUBSCRIPTION_STATES) this.set({ state }, totals(state)?.failures ?? 0);
    },
  });
}

/**
 * The outcomes of delivery attempts as they happen, for whoever counts them: the
 * dispatcher reports here, and the metrics (when the app has them) listen.
 */
export class DeliveryAttempts {
  private readonly listeners = new Set<(outcome: AttemptOutcome) => void>();

  record(outcome: AttemptOutcome): void {
    for (const listener of this.listeners) listener(outcome);
  }

  listen(listener: (outcome: AttemptOutcome) => void): void {
    this.listeners.add(listener);
  }
}

/** `parley_webhook_deliveries_total{outcome}`: every attempt, acknowledged or not. */
export function registerDeliveryMetrics(metrics: Metrics, attempts: DeliveryAttempts): void {
  const counter = new Counter({
    name: 'parley_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome: delivered (2xx), or failed (another status, a timeout, a refused or non-public address).',
    labelNames: ['outcome'] as const,
    registers: [metrics.registry],
  });
  // Both series exist from the start, so a rate() over them has no gap before the first failure.
  for (const outcome of ATTEMPT_OUTCOMES) counter.inc({ outcome }, 0);
  attempts.listen((outcome) => counter.inc({ outcome }));
}
