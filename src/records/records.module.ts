import { Module, type Provider } from '@nestjs/common';
import { ActorDirectory, ActorsModule } from '../actors';
import { AppConfig } from '../config/config';
import { DATABASE, type SqliteDatabase } from '../database/open-database';
import { CorrectRecordHandler } from './correct-record/correct-record.command';
import { CreateRecordHandler } from './create-record/create-record.command';
import {
  ExportRecordsHandler,
  GetRecordHandler,
  ListDyadRecordsHandler,
  ListRecordsHandler,
} from './get-records/get-records.query';
import { RecordReader } from './get-records/record-reader';
import { GetEventReportsHandler } from './get-tone/event-reports.query';
import { GetSummaryHandler, GetToneHandler } from './get-tone/get-tone.query';
import { SummaryReader } from './get-tone/summary-reader';
import { ToneReader } from './get-tone/tone-reader';
import { DyadsController } from './http/dyads.controller';
import { ExportController } from './http/export.controller';
import { RecordsController } from './http/records.controller';
import { ImportRefusals } from './import-records/import-refusals';
import { RecordImporter } from './import-records/record-importer';
import { ProblemImportRefusals } from './http/problem-import-refusals';
import { RecordOutcomeHandler } from './record-outcome/record-outcome.command';
import { RetractRecordHandler } from './retract-record/retract-record.command';

export const RECORDS_PROVIDERS: Provider[] = [
  {
    provide: RecordReader,
    inject: [DATABASE],
    useFactory: (db: SqliteDatabase) => new RecordReader(db),
  },
  {
    provide: ToneReader,
    inject: [DATABASE, ActorDirectory, AppConfig],
    useFactory: (db: SqliteDatabase, actors: ActorDirectory, config: AppConfig) =>
      new ToneReader(db, actors, undefined, { maxCost: config.PARLEY_TONE_MAX_COST }),
  },
  {
    provide: SummaryReader,
    inject: [ToneReader, RecordReader],
    useFactory: (tone: ToneReader, records: RecordReader) => new SummaryReader(tone, records),
  },
  RecordImporter,
  { provide: ImportRefusals, useClass: ProblemImportRefusals },
  CreateRecordHandler,
  CorrectRecordHandler,
  RetractRecordHandler,
  RecordOutcomeHandler,
  ListRecordsHandler,
  ListDyadRecordsHandler,
  GetRecordHandler,
  ExportRecordsHandler,
  GetToneHandler,
  GetSummaryHandler,
  GetEventReportsHandler,
];

@Module({
  imports: [ActorsModule],
  controllers: [RecordsController, DyadsController, ExportController],
  providers: RECORDS_PROVIDERS,
  // The readers are exported for analytics, which reads the same views.
  exports: [RecordImporter, RecordReader, ToneReader],
})
export class RecordsModule {}
