import { Gauge } from 'prom-client';
import type { Metrics } from '../../observability/metrics';
import type { SubscriptionState, SubscriptionStore } from './subscription.store';

const SUBSCRIPTION_STATES = Object.keys({
  active: true,
  paused: true,
} satisfies Record<SubscriptionState, true>) as SubscriptionState[];

/** The webhook subscriptions' gauges, read at scrape time from the subscriptions table. */
export function registerSubscriptionMetrics(
  metrics: Metrics,
  subscriptions: SubscriptionStore,
): void {
  const registers = [metrics.registry];

  // The dispatcher keeps no running count, only each subscription's consecutive failures
  // (cleared by a delivery): a gauge of those, not a counter.
  new Gauge({
    name: 'parley_webhook_subscriptions',
    help: 'Webhook subscriptions, by state.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const all = subscriptions.list();
      for (const state of SUBSCRIPTION_STATES)
        this.set({ state }, all.filter((s) => s.state === state).length);
    },
  });

  new Gauge({
    name: 'parley_webhook_consecutive_failures',
    help: 'Failed delivery attempts since the last success, summed over subscriptions, by state.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const all = subscriptions.list();
      for (const state of SUBSCRIPTION_STATES)
        this.set(
          { state },
          all.filter((s) => s.state === state).reduce((sum, s) => sum + s.consecutiveFailures, 0),
        );
    },
  });
}
