import { Counter, Gauge } from 'prom-client';
import type { FeedService } from '../feeds/sse/feed.service';
import type { SubscriptionState } from '../feeds/webhooks/subscription.store';
import type { SubscriptionStore } from '../feeds/webhooks/subscription.store';
import type { ProjectionRunner, ProjectionState } from '../projections/projection-runner';
import type { Metrics } from './metrics';

/** Every state, so that a projection's series for the states it is not in read 0 (not absent). */
const PROJECTION_STATES = Object.keys({
  starting: true,
  live: true,
  rebuilding: true,
  failed: true,
  stopped: true,
  standby: true,
} satisfies Record<ProjectionState, true>) as ProjectionState[];

const SUBSCRIPTION_STATES = Object.keys({
  active: true,
  paused: true,
} satisfies Record<SubscriptionState, true>) as SubscriptionState[];

export interface MetricSources {
  readonly runner: ProjectionRunner;
  readonly feeds: FeedService;
  readonly subscriptions: SubscriptionStore;
}

/**
 * Gauges read at scrape time from what the services already keep (the runner's lag,
 * the feed's stats, the subscriptions table): nothing on the hot paths changes.
 */
export function registerCollectors(metrics: Metrics, sources: MetricSources): void {
  const { runner, feeds, subscriptions } = sources;
  const registers = [metrics.registry];

  // A lag that cannot be read (the store is down) leaves the series out of this scrape.
  // Both lag gauges read it in the same scrape: count the log once, not twice.
  const lags = new Map<string, { at: number; lag: ReturnType<typeof readLag> }>();
  const readLag = (name: string) => runner.lag(name).catch(() => undefined);
  const lagOf = (name: string): ReturnType<typeof readLag> => {
    const now = Date.now();
    const cached = lags.get(name);
    if (cached && now - cached.at < 1_000) return cached.lag;
    const lag = readLag(name);
    lags.set(name, { at: now, lag });
    return lag;
  };

  new Gauge({
    name: 'parley_projection_lag_events',
    help: "Events of the projection's part of the log that its live generation has not applied.",
    labelNames: ['projection'] as const,
    registers,
    async collect() {
      this.reset();
      for (const { name } of runner.status()) {
        const lag = await lagOf(name);
        if (lag) this.set({ projection: name }, lag.events);
      }
    },
  });

  new Gauge({
    name: 'parley_projection_lag_seconds',
    help: 'How long the oldest event the projection has not applied has waited, by recorded time.',
    labelNames: ['projection'] as const,
    registers,
    async collect() {
      this.reset();
      for (const { name } of runner.status()) {
        const lag = await lagOf(name);
        if (lag?.seconds !== null && lag?.seconds !== undefined)
          this.set({ projection: name }, lag.seconds);
      }
    },
  });

  new Gauge({
    name: 'parley_projection_state',
    help: "1 for the projection's current state, 0 for the others.",
    labelNames: ['projection', 'state'] as const,
    registers,
    collect() {
      for (const { name, state } of runner.status())
        for (const candidate of PROJECTION_STATES)
          this.set({ projection: name, state: candidate }, candidate === state ? 1 : 0);
    },
  });

  new Gauge({
    name: 'parley_feed_consumers',
    help: 'SSE feeds being served now.',
    registers,
    collect() {
      this.set(feeds.stats().open);
    },
  });

  // The feed counts since start: counters, re-read at each scrape.
  new Counter({
    name: 'parley_feed_events_sent_total',
    help: 'Events written to SSE feeds since start.',
    registers,
    collect() {
      this.reset();
      this.inc(feeds.stats().eventsSent);
    },
  });

  new Counter({
    name: 'parley_feed_slow_consumers_total',
    help: 'SSE feeds cut off since start because the client stopped reading.',
    registers,
    collect() {
      this.reset();
      this.inc(feeds.stats().slowConsumersCutOff);
    },
  });

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
