import { Module, type Provider } from '@nestjs/common';
import { ActorDirectory, ActorsModule } from '../actors';
import { RecordReader, RecordsModule, ToneReader } from '../records';
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
