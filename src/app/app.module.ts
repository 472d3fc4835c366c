import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ActorsModule } from '../actors/actors.module';
import { AnalyticsModule } from '../analytics/analytics.module';
import { AuthModule } from '../auth/auth.module';
import { CodingModule } from '../coding';
import type { AppConfig } from '../config/config';
import { EventStoreModule } from '../event-store/event-store.module';
import { FeedModule } from '../feeds/sse/feed.module';
import { SchemasModule } from '../feeds/schemas/schemas.module';
import { WebhooksModule } from '../feeds/webhooks/webhooks.module';
import { HealthModule } from '../health/health.module';
import { IngestModule } from '../ingest';
import { ObservabilityModule } from '../observability/observability.module';
import { OpenApiModule } from '../openapi/openapi.module';
import { PageModule } from '../page/page.module';
import { ProjectionsModule } from '../projections/projections.module';
import { RecordsModule } from '../records/records.module';
import { ReplayModule } from '../replay/replay.module';
import { SampleLoader } from '../sample/sample-loader';
import { PARLEY_EVENT_TYPES } from './parley-event-types';
import { parleyProjections } from './parley-projections';

@Module({})
export class AppModule {
  /**
   * The whole service; `http: true` adds access control, which only the HTTP
   * application needs (the CLI's own contexts serve no route and need no key).
   */
  static forRoot(config: AppConfig, options: { readonly http?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        ObservabilityModule.forRoot(config),
        EventStoreModule.forRoot(config, PARLEY_EVENT_TYPES),
        ...(options.http ? [AuthModule.forRoot(config)] : []),
        ProjectionsModule.forRoot(parleyProjections(config)),
        ActorsModule,
        RecordsModule,
        IngestModule,
        CodingModule,
        AnalyticsModule,
        HealthModule,
        ReplayModule,
        FeedModule,
        SchemasModule,
        WebhooksModule,
        ...(options.http ? [PageModule] : []),
        ...(options.http ? [OpenApiModule] : []),
      ],
      providers: [SampleLoader],
    };
  }
}
