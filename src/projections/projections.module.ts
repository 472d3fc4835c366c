import {
  Global,
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { actorsProjection } from '../actors/get-actors/actors.projection';
import type { SqliteDatabase } from '../database/open-database';
import { DATABASE } from '../event-store/event-store.module';
import { EventStore } from '../event-store/event-store.port';
import { recordsProjection } from '../records/get-records/records.projection';
import { toneProjection } from '../records/get-tone/tone.projection';
import { ProjectionRunner } from './projection-runner';

export const PROJECTIONS = [actorsProjection, recordsProjection, toneProjection] as const;

/** Runs every projection from the log while the application is up. */
@Global()
@Module({
  providers: [
    {
      provide: ProjectionRunner,
      inject: [DATABASE, EventStore],
      useFactory: (db: SqliteDatabase, store: EventStore) => {
        const runner = new ProjectionRunner(db, store, PROJECTIONS);
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
