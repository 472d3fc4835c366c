import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { toInstant, toMs } from '../../http/validators';
import { GetSummaryQuery, GetToneQuery } from '../get-tone/get-tone.query';
import type { ToneView } from '../get-tone/tone-reader';
import { SummaryQueryDto, ToneQueryDto } from './records-query.dto';
import { RequireRole } from '../../auth/access.decorator';
import { ToneViewDto } from '../../openapi/responses.dto';
import { DyadSummaryDto } from '../../openapi/analytics-responses.dto';

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
        // A bare date in from/to is midnight in the zone the buckets are cut in.
        ...(query.from ? { from: toInstant(query.from, query.tz) } : {}),
        ...(query.to ? { to: toInstant(query.to, query.tz) } : {}),
        ...(query.asOf ? { asOf: query.asOf, asOfMs: toMs(query.asOf) } : {}),
      }),
    );
  }

  @Get('summary')
  @ApiOkResponse({ type: DyadSummaryDto })
  summary(
    @Param('source') source: string,
    @Param('target') target: string,
    @Query() query: SummaryQueryDto,
  ): Promise<object> {
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
}
