import {
  Global,
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../config/config';
import { DATABASE, type SqliteDatabase } from '../database/open-database';
import { EventStore } from '../event-store/event-store.port';
import { metricCollectors } from '../observability/metric-collectors';
import { ProjectionsController } from './http/projections.controller';
import type { Projection } from './projection';
import { registerProjectionMetrics } from './projection-metrics';
import { ProjectionRunner } from './projection-runner';

/**
 * Runs the projections it is given from the log while the application is up. The
 * capabilities own their projections; the application hands the list in (forRoot), so
 * this engine imports none of them.
 */
@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ProjectionRunner) private readonly runner: ProjectionRunner) {}

  static forRoot(projections: readonly Projection[]): DynamicModule {
    return {
      module: ProjectionsModule,
      controllers: [ProjectionsController],
      providers: [
        {
          provide: ProjectionRunner,
          inject: [DATABASE, EventStore, AppConfig],
          useFactory: (db: SqliteDatabase, store: EventStore, config: AppConfig) => {
            const runner = new ProjectionRunner(db, store, projections, {
              rebuildPauseMs: config.PARLEY_REBUILD_PAUSE_MS,
            });
            // Tables exist before the first query, even while the runner is catching up.
            runner.prepare();
            return runner;
          },
        },
        metricCollectors(ProjectionRunner, registerProjectionMetrics),
      ],
      exports: [ProjectionRunner],
    };
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
