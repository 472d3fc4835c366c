import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../config/config';
import { Metrics, timeAppends } from '../observability/metrics';
import { openDatabase, type SqliteDatabase } from '../database/open-database';
import { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { UpcastingEventStore } from './upcasting/upcasting-event-store';

/** DI token of the service's SQLite file (events in embedded mode, read models always). */
export const DATABASE = Symbol('DATABASE');

/** The store chosen by configuration, and the SQLite file; closed last at shutdown. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: SqliteDatabase,
    private readonly store: EventStore,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: DATABASE, useFactory: () => openDatabase(config.PARLEY_DB) },
        {
          provide: EventStore,
          // Metrics are absent from contexts without the observability module (replay's CLI).
          inject: [DATABASE, { token: Metrics, optional: true }],
          // Every read through the token comes up to the current event shapes.
          useFactory: (db: SqliteDatabase, metrics: Metrics | undefined): EventStore => {
            const store = new UpcastingEventStore(
              config.PARLEY_EVENT_STORE === 'eventstoredb'
                ? EventStoreDbEventStore.fromConnectionString(
                    config.EVENTSTORE_CONNECTION_STRING ?? '',
                  )
                : new SqliteEventStore(db),
            );
            return metrics ? timeAppends(store, metrics.appendDuration) : store;
          },
        },
      ],
      exports: [AppConfig, DATABASE, EventStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.db.close();
  }
}
