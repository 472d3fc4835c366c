import { Module, type Provider } from '@nestjs/common';
import { EventStore } from '../../event-store/event-store.port';
import { EventTypeRegistry } from '../../event-store/event-types';
import { metricCollectors } from '../../observability/metric-collectors';
import { FeedController } from './feed.controller';
import { registerFeedMetrics } from './feed-metrics';
import { FeedService } from './feed.service';

export const FEED_PROVIDERS: Provider[] = [
  {
    provide: FeedService,
    inject: [EventStore, EventTypeRegistry],
    useFactory: (store: EventStore, types: EventTypeRegistry) => new FeedService(store, types),
  },
  metricCollectors(FeedService, registerFeedMetrics),
];

/** `GET /feed`, the SSE feed of the log. */
@Module({ controllers: [FeedController], providers: FEED_PROVIDERS, exports: [FeedService] })
export class FeedModule {}
