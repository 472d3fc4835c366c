/**
 * The ingest capability's public face: importing parley's NDJSON and the machine-coded
 * datasets (GDELT 2.0 and 1.0, ICEWS, POLECAT).
 */
export { IngestModule } from './ingest.module';
export {
  DatasetImporter,
  MAX_LISTED_REFUSALS,
  type DatasetFileReport,
  type DatasetImportProgress,
} from './import-dataset/dataset-importer';
export {
  ActorMapFile,
  actorMapPath,
  readActorMap,
  writeActorAlias,
} from './import-dataset/actor-map-file';
export { SKIP_REASONS, type SkipReason } from './domain/dataset-row';
export { DATASET_MEDIA_TYPES } from './http/import.controller';
export {
  GdeltFollower,
  type FollowEvent,
  type IngestStatus,
  type PassOutcome,
} from './follow/gdelt-follower';
export { parseSince } from './follow/gdelt-file-list';
