import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { EventStoreModule } from '../event-store/event-store.module';
import { EventStore } from '../event-store/event-store.port';
import type { EventTypeRegistry } from '../event-store/event-types';
import { ReplayController } from './http/replay.controller';
import { StreamsController } from './http/streams.controller';
import { ReplayService } from './replay.service';

export const REPLAY_PROVIDERS: Provider[] = [
  {
    provide: ReplayService,
    inject: [EventStore],
    useFactory: (store: EventStore) => new ReplayService(store),
  },
];

/** `GET /streams/{stream}/events`, `GET /replay`, and the service `parley replay` uses. */
@Module({
  controllers: [StreamsController, ReplayController],
  providers: REPLAY_PROVIDERS,
  exports: [ReplayService],
})
export class ReplayModule {
  /**
   * The store and the replay alone, for the CLI: a replay reads the log and nothing
   * else, so it starts no projection and writes nothing to the file.
   */
  static standalone(config: AppConfig, types: EventTypeRegistry): DynamicModule {
    return { module: ReplayModule, imports: [EventStoreModule.forRoot(config, types)] };
  }
}
