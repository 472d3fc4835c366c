import { Module } from '@nestjs/common';
import { ActorsModule } from '../actors';
import { RecordsModule } from '../records';
import { FOLLOW_PROVIDERS } from './follow/follow.providers';
import { GdeltFollower } from './follow/gdelt-follower';
import { IngestAdminController } from './http/ingest-admin.controller';
import { ImportController } from './http/import.controller';
import { ActorMapFile } from './import-dataset/actor-map-file';
import { DatasetImporter } from './import-dataset/dataset-importer';

/**
 * Getting data in: parley's NDJSON, the machine-coded datasets' raw files, and GDELT's
 * 15-minute updates followed as they come.
 */
@Module({
  imports: [ActorsModule, RecordsModule],
  controllers: [ImportController, IngestAdminController],
  providers: [DatasetImporter, ActorMapFile, ...FOLLOW_PROVIDERS],
  exports: [DatasetImporter, ActorMapFile, GdeltFollower],
})
export class IngestModule {}
