import { Module, type Provider } from '@nestjs/common';
import { EventStore } from '../../event-store/event-store.port';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';

export const FEED_PROVIDERS: Provider[] = [
  {
    provide: FeedService,
    inject: [EventStore],
    useFactory: (store: EventStore) => new FeedService(store),
  },
];

/** `GET /feed`, the SSE feed of the log. */
@Module({ controllers: [FeedController], providers: FEED_PROVIDERS, exports: [FeedService] })
export class FeedModule {}
