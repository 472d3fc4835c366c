import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/config';
import { FeedModule } from '../feeds/sse/feed.module';
import { FeedService } from '../feeds/sse/feed.service';
import { SubscriptionStore } from '../feeds/webhooks/subscription.store';
import { WebhooksModule } from '../feeds/webhooks/webhooks.module';
import { ProjectionRunner } from '../projections/projection-runner';
import { loggerParams } from './logging';
import { registerCollectors } from './metrics.collectors';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';

/** Registers the scrape-time collectors once the sources exist. */
const METRIC_COLLECTORS = Symbol('METRIC_COLLECTORS');

/** JSON logs (pino) and Prometheus metrics; global, so the event store can time its appends. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot(loggerParams(config)), FeedModule, WebhooksModule],
      controllers: [MetricsController],
      providers: [
        { provide: Metrics, useFactory: () => new Metrics() },
        {
          provide: METRIC_COLLECTORS,
          inject: [Metrics, ProjectionRunner, FeedService, SubscriptionStore],
          useFactory: (
            metrics: Metrics,
            runner: ProjectionRunner,
            feeds: FeedService,
            subscriptions: SubscriptionStore,
          ) => registerCollectors(metrics, { runner, feeds, subscriptions }),
        },
      ],
      exports: [Metrics],
    };
  }
}
