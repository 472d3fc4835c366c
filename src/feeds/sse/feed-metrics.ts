import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../../observability/metrics';
import type { FeedService } from './feed.service';

/** The SSE feeds' figures, read at scrape time from the feed's own counts since start. */
export function registerFeedMetrics(metrics: Metrics, feeds: FeedService): void {
  const registers = [metrics.registry];

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
}
