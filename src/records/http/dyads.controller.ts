import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { toMs } from '../../http/validators';
import { rangeInstant } from '../get-tone/range-instant';
import { ListDyadRecordsQuery } from '../get-records/get-records.query';
import type { RecordPage } from '../get-records/record-reader';
import { GetSummaryQuery, GetToneQuery } from '../get-tone/get-tone.query';
import type { DyadSummary } from '../get-tone/summary-reader';
import type { ToneView } from '../get-tone/tone-reader';
import { DyadRecordsQueryDto, SummaryQueryDto, ToneQueryDto } from './records-query.dto';
import { RequireRole } from '../../auth/access.decorator';
import { RecordPageDto } from './records-responses.dto';
import { DyadSummaryDto } from './summary-responses.dto';
import { ToneViewDto } from './tone-responses.dto';

/** A page of records holds this many unless `limit` says otherwise, as on `GET /records`. */
const RECORDS_PAGE = 50;

@RequireRole('analyst')
@Controller('dyads/:source/:target')
export class DyadsController {
  constructor(private readonly queries: QueryBus) {}

  /** The relationship's intensity and tone by calendar bucket in a time zone, with their weighted lines. */
  @Get('tone')
  @ApiOkResponse({ type: ToneViewDto })
  tone(
    @Param('source') source: string,
    @Param('target') target: string,
    @Query() query: ToneQueryDto,
  ): Promise<ToneView> {
    return this.queries.execute(
      new GetToneQuery({
        source,
        target,
        mode: query.mode ?? 'directed',
        bucket: query.bucket ?? 'month',
        tz: query.tz ?? 'UTC',
        halfLife: query.halfLife ?? 'P30D',
        ...(query.volatilityWindow ? { volatilityWindow: query.volatilityWindow } : {}),
        weight: query.weight ?? 'none',
        rootOnly: query.rootOnly ?? false,
        count: query.count ?? 'reports',
        // A bare date in from/to is midnight in the zone the buckets are cut in.
        ...(query.from ? { from: rangeInstant(query.from, query.tz) } : {}),
        ...(query.to ? { to: rangeInstant(query.to, query.tz) } : {}),
        ...(query.asOf ? { asOf: query.asOf, asOfMs: toMs(query.asOf) } : {}),
      }),
    );
  }

  /** The relationship at a glance: latest climate, trend, volatility, open and kept threats, denials. */
  @Get('summary')
  @ApiOkResponse({ type: DyadSummaryDto })
  summary(
    @Param('source') source: string,
    @Param('target') target: string,
    @Query() query: SummaryQueryDto,
  ): Promise<DyadSummary> {
    return this.queries.execute(
      new GetSummaryQuery({
        source,
        target,
        mode: query.mode ?? 'directed',
        halfLife: query.halfLife ?? 'P30D',
        window: query.window ?? 'P90D',
        ...(query.asOf ? { asOf: query.asOf, asOfMs: toMs(query.asOf) } : {}),
      }),
    );
  }

  /**
   * The records behind the tone view of the same dyad, mode, range and `asOf`: exactly
   * those its counts count (a roll-up by the affiliations valid at each record's time and
   * known at `asOf`), in occurrence order, a page at a time.
   */
  @Get('records')
  @ApiOkResponse({ type: RecordPageDto })
  records(
    @Param('source') source: string,
    @Param('target') target: string,
    @Query() query: DyadRecordsQueryDto,
  ): Promise<RecordPage> {
    const instantMs = (value: string | undefined): number | undefined =>
      value === undefined ? undefined : Date.parse(rangeInstant(value, query.tz));
    return this.queries.execute(
      new ListDyadRecordsQuery(
        { source, target, mode: query.mode ?? 'directed', asOfMs: toMs(query.asOf) },
        {
          fromMs: instantMs(query.from),
          toMs: instantMs(query.to),
          includeRetracted: query.includeRetracted,
        },
        query.limit ?? RECORDS_PAGE,
        query.cursor,
      ),
    );
  }
}
