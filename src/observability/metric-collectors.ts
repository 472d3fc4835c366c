import type { InjectionToken, Provider } from '@nestjs/common';
import { Metrics } from './metrics';

/**
 * A provider that registers scrape-time collectors on the application's metrics: each
 * module declares the gauges of what it keeps (the runner's lag, the feed's stats, the
 * subscriptions), so observability knows none of them. Contexts without the
 * observability module (the CLI's) register nothing.
 */
export function metricCollectors<Source>(
  source: InjectionToken,
  register: (metrics: Metrics, source: Source) => void,
): Provider {
  return {
    provide: Symbol(`metric collectors of ${String(source)}`),
    inject: [{ token: Metrics, optional: true }, source],
    useFactory: (metrics: Metrics | undefined, instance: Source): void => {
      if (metrics) register(metrics, instance);
    },
  };
}
