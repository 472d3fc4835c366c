import type { Provider } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { DATABASE, type SqliteDatabase } from '../../database/open-database';
import { metricCollectors } from '../../observability/metric-collectors';
import { ActorMapFile } from '../import-dataset/actor-map-file';
import { DatasetImporter } from '../import-dataset/dataset-importer';
import { httpGdeltSource } from './gdelt-download';
import { GdeltFollowJob } from './gdelt-follow.job';
import { GdeltFollower } from './gdelt-follower';
import { IngestCheckpointStore } from './ingest-checkpoint.store';
import { registerIngestMetrics } from './ingest-metrics';

/** Following GDELT's updates: the checkpoint, the follower, its metrics and the opt-in job. */
export const FOLLOW_PROVIDERS: Provider[] = [
  {
    provide: IngestCheckpointStore,
    inject: [DATABASE],
    useFactory: (db: SqliteDatabase) => {
      const store = new IngestCheckpointStore(db);
      store.prepare();
      return store;
    },
  },
  {
    provide: GdeltFollower,
    inject: [DatasetImporter, ActorMapFile, IngestCheckpointStore, AppConfig],
    useFactory: (
      importer: DatasetImporter,
      actorMap: ActorMapFile,
      checkpoint: IngestCheckpointStore,
      config: AppConfig,
    ) =>
      new GdeltFollower(
        importer,
        actorMap,
        checkpoint,
        httpGdeltSource(config.PARLEY_GDELT_BASE_URL),
        {
          baseUrl: config.PARLEY_GDELT_BASE_URL,
          pollIntervalMs: config.PARLEY_GDELT_POLL_INTERVAL,
        },
      ),
  },
  metricCollectors(GdeltFollower, registerIngestMetrics),
  GdeltFollowJob,
];
