import { Module, type Provider } from '@nestjs/common';
import { ActorsModule } from '../actors/actors.module';
import { ActorDirectory } from '../actors/get-actors/actor-directory';
import { RecordReader } from '../records/get-records/record-reader';
import { ToneReader } from '../records/get-tone/tone-reader';
import { RecordsModule } from '../records/records.module';
import { CredibilityReader } from './get-credibility/credibility-reader';
import {
  GetActorCredibilityHandler,
  ListCredibilityHandler,
} from './get-credibility/get-credibility.query';
import { GetShiftsHandler } from './get-shifts/get-shifts.query';
import { ShiftsReader } from './get-shifts/shifts-reader';
import { AnalyticsController } from './http/analytics.controller';

export const ANALYTICS_PROVIDERS: Provider[] = [
  {
    provide: ShiftsReader,
    inject: [ToneReader],
    useFactory: (tone: ToneReader) => new ShiftsReader(tone),
  },
  {
    provide: CredibilityReader,
    inject: [RecordReader, ActorDirectory],
    useFactory: (records: RecordReader, actors: ActorDirectory) =>
      new CredibilityReader(records, actors),
  },
  GetShiftsHandler,
  GetActorCredibilityHandler,
  ListCredibilityHandler,
];

/** Analytics over the read models: tone shifts by change-point detection, threat credibility. */
@Module({
  imports: [ActorsModule, RecordsModule],
  controllers: [AnalyticsController],
  providers: ANALYTICS_PROVIDERS,
})
export class AnalyticsModule {}
