import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { RequireRole } from '../../auth/access.decorator';
import { toMs } from '../../http/validators';
import { AsOfQueryDto, rangeInstant } from '../../records';
import {
  GetActorCredibilityQuery,
  ListCredibilityQuery,
} from '../get-credibility/get-credibility.query';
import type { ActorCredibility, CredibilityPage } from '../get-credibility/credibility-reader';
import { GetShiftsQuery } from '../get-shifts/get-shifts.query';
import { DEFAULT_MIN_SEGMENT, type ShiftsView } from '../get-shifts/shifts-reader';
import { CredibilityListQueryDto, ShiftsQueryDto } from './analytics.dto';
import { ActorCredibilityDto, CredibilityPageDto, ShiftsViewDto } from './analytics-responses.dto';

/** Ranked lists of credibility page at this many actors unless `limit` says otherwise. */
const DEFAULT_CREDIBILITY_PAGE = 100;

@RequireRole('analyst')
@Controller()
export class AnalyticsController {
  constructor(private readonly queries: QueryBus) {}

  /** Where the relationship's tone or intensity shifted, found by PELT, with the levels before and after. */
  @Get('dyads/:source/:target/shifts')
  @ApiOkResponse({ type: ShiftsViewDto })
  shifts(
    @Param('source') source: string,
    @Param('target') target: string,
    @Query() query: ShiftsQueryDto,
  ): Promise<ShiftsView> {
    const penalty =
      query.penalty === undefined || query.penalty === 'bic' ? 'bic' : Number(query.penalty);
    return this.queries.execute(
      new GetShiftsQuery({
        source,
        target,
        mode: query.mode ?? 'directed',
        measure: query.measure ?? 'tone',
        tz: query.tz ?? 'UTC',
        penalty,
        minSegment: query.minSegment ?? DEFAULT_MIN_SEGMENT,
        // A bare date in from/to is midnight in the zone, as on the tone view.
        ...(query.from ? { from: rangeInstant(query.from, query.tz) } : {}),
        ...(query.to ? { to: rangeInstant(query.to, query.tz) } : {}),
        ...(query.asOf ? { asOf: query.asOf, asOfMs: toMs(query.asOf) } : {}),
      }),
    );
  }

  /** An actor's threat credibility: its threats carried out against those withdrawn or lapsed. */
  @Get('actors/:id/credibility')
  @ApiOkResponse({ type: ActorCredibilityDto })
  actorCredibility(
    @Param('id') id: string,
    @Query() query: AsOfQueryDto,
  ): Promise<ActorCredibility> {
    const asOfMs = toMs(query.asOf);
    return this.queries.execute(
      new GetActorCredibilityQuery(
        id,
        query.asOf !== undefined && asOfMs !== undefined ? { asOf: query.asOf, asOfMs } : undefined,
      ),
    );
  }

  /** Actors ranked by threat credibility, a page at a time. */
  @Get('credibility')
  @ApiOkResponse({ type: CredibilityPageDto })
  credibility(@Query() query: CredibilityListQueryDto): Promise<CredibilityPage> {
    return this.queries.execute(
      new ListCredibilityQuery({
        limit: query.limit ?? DEFAULT_CREDIBILITY_PAGE,
        minSettled: query.minSettled ?? 1,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        ...(query.asOf ? { asOf: query.asOf, asOfMs: toMs(query.asOf) } : {}),
      }),
    );
  }
}
