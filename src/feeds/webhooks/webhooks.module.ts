import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../../config/config';
import { DATABASE, type SqliteDatabase } from '../../database/open-database';
import { EventStore } from '../../event-store/event-store.port';
import { EventTypeRegistry } from '../../event-store/event-types';
import { metricCollectors } from '../../observability/metric-collectors';
import { ProjectionRunner } from '../../projections/projection-runner';
import { SubscriptionsController } from './http/subscriptions.controller';
import { publicBase } from '../schemas/request-origin';
import { schemaUrl } from '../schemas/schema-catalog';
import {
  DeliveryAttempts,
  registerDeliveryMetrics,
  registerSubscriptionMetrics,
} from './subscription-metrics';
import { SubscriptionStore } from './subscription.store';
import { SubscriptionsService } from './subscriptions.service';
import { WebhookDispatcher } from './webhook-dispatcher';
import { HttpWebhookSender } from './webhook-sender';

export const WEBHOOK_PROVIDERS: Provider[] = [
  {
    provide: SubscriptionStore,
    inject: [DATABASE],
    useFactory: (db: SqliteDatabase) => new SubscriptionStore(db),
  },
  metricCollectors(SubscriptionStore, registerSubscriptionMetrics),
  { provide: DeliveryAttempts, useFactory: () => new DeliveryAttempts() },
  metricCollectors(DeliveryAttempts, registerDeliveryMetrics),
  {
    provide: WebhookDispatcher,
    inject: [
      SubscriptionStore,
      EventStore,
      ProjectionRunner,
      AppConfig,
      HttpAdapterHost,
      EventTypeRegistry,
      DeliveryAttempts,
    ],
    useFactory: (
      subscriptions: SubscriptionStore,
      events: EventStore,
      runner: ProjectionRunner,
      config: AppConfig,
      http: HttpAdapterHost,
      types: EventTypeRegistry,
      attempts: DeliveryAttempts,
    ) => {
      const base = publicBase(config.PARLEY_PUBLIC_URL);
      return new WebhookDispatcher(
        subscriptions,
        events,
        new HttpWebhookSender({
          timeoutMs: config.PARLEY_WEBHOOK_TIMEOUT_MS,
          allowPrivate: config.PARLEY_WEBHOOKS_ALLOW_PRIVATE,
        }),
        {
          backoff: {
            baseMs: config.PARLEY_WEBHOOK_BACKOFF_BASE_MS,
            capMs: config.PARLEY_WEBHOOK_BACKOFF_CAP_MS,
          },
          maxFailures: config.PARLEY_WEBHOOK_MAX_FAILURES,
          // The server that holds the projections' lease delivers; a CLI command (no
          // HTTP adapter) never does, even when it holds the lease for a moment.
          mayDeliver: () => http.httpAdapter !== undefined && runner.isActive(),
          // Deliveries answer no request: only a configured public URL can make the
          // absolute `dataschema` CloudEvents asks for.
          dataschema: (type) => (base === undefined ? undefined : schemaUrl(types, base, type)),
          onAttempt: (outcome) => attempts.record(outcome),
        },
      );
    },
  },
  {
    provide: SubscriptionsService,
    inject: [SubscriptionStore, EventStore, WebhookDispatcher, AppConfig],
    useFactory: (
      subscriptions: SubscriptionStore,
      events: EventStore,
      dispatcher: WebhookDispatcher,
      config: AppConfig,
    ) =>
      new SubscriptionsService(subscriptions, events, dispatcher, {
        allowPrivate: config.PARLEY_WEBHOOKS_ALLOW_PRIVATE,
        perKey: config.PARLEY_SUBSCRIPTIONS_PER_KEY,
        secretGraceMs: config.PARLEY_WEBHOOK_SECRET_GRACE,
      }),
  },
];

/** Signed webhooks (Standard Webhooks), each subscription a checkpointed consumer of the log. */
@Module({
  controllers: [SubscriptionsController],
  providers: WEBHOOK_PROVIDERS,
  exports: [SubscriptionsService],
})
export class WebhooksModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher) {}

  onApplicationBootstrap(): void {
    this.dispatcher.start();
  }

  /** Before the store and the SQLite file close (EventStoreModule, on shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }
}
