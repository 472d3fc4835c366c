import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../config/config';
import { Metrics } from '../observability/metrics';
import { DATABASE, openDatabase, type SqliteDatabase } from '../database/open-database';
import { EventStore } from './event-store.port';
import { EventTypeRegistry } from './event-types';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { timeAppends } from './timed-appends';
import { UpcastingEventStore } from './upcasting/upcasting-event-store';

/** The store chosen by configuration, and the SQLite file; closed last at shutdown. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: SqliteDatabase,
    private readonly store: EventStore,
  ) {}

  /** `types`: the application's event types, which the store upcasts and stamps by. */
  static forRoot(config: AppConfig, types: EventTypeRegistry): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: EventTypeRegistry, useValue: types },
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
              types,
            );
            return metrics
              ? timeAppends(store, metrics.appendDuration, metrics.eventsAppended)
              : store;
          },
        },
      ],
      exports: [AppConfig, DATABASE, EventStore, EventTypeRegistry],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.db.close();
  }
}
