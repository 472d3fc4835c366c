import {
  Global,
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { actorsProjection } from '../actors/get-actors/actors.projection';
import { AppConfig } from '../config/config';
import type { SqliteDatabase } from '../database/open-database';
import { DATABASE } from '../event-store/event-store.module';
import { EventStore } from '../event-store/event-store.port';
import { recordsProjection } from '../records/get-records/records.projection';
import { toneProjection } from '../records/get-tone/tone.projection';
import { ProjectionsController } from './http/projections.controller';
import { ProjectionRunner } from './projection-runner';

export const PROJECTIONS = [actorsProjection, recordsProjection, toneProjection] as const;

/** Runs every projection from the log while the application is up. */
@Global()
@Module({
  controllers: [ProjectionsController],
  providers: [
    {
      provide: ProjectionRunner,
      inject: [DATABASE, EventStore, AppConfig],
      useFactory: (db: SqliteDatabase, store: EventStore, config: AppConfig) => {
        const runner = new ProjectionRunner(db, store, PROJECTIONS, {
          rebuildPauseMs: config.PARLEY_REBUILD_PAUSE_MS,
        });
        // Tables exist before the first query, even while the runner is catching up.
        runner.prepare();
        return runner;
      },
    },
  ],
  exports: [ProjectionRunner],
})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ProjectionRunner) private readonly runner: ProjectionRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
