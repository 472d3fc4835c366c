/*
 * What the tone view answers, as classes for the OpenAPI document; see
 * records-responses.dto.ts for why classes and how they are described.
 */
import { ApiSchema } from '@nestjs/swagger';
import type { ToneCount, ToneWeight } from '../domain/same-event';
import type { Bucket, KindCounts, MeasureStats, ToneBucket } from '../domain/tone-series';
import type { ToneMode } from '../dyad-scope';
import type { ToneView } from '../get-tone/tone-reader';
import type { EventReport, EventReports } from '../get-tone/event-reports.query';
import type { Dataset } from '../domain/record';

@ApiSchema({ name: 'KindCounts' })
export class KindCountsDto implements KindCounts {
  readonly statement!: number;
  readonly threat!: number;
  readonly denial!: number;
  readonly action!: number;
  readonly total!: number;
}

/** One measure over one bucket; null where the bucket holds no value. */
@ApiSchema({ name: 'MeasureStats' })
export class MeasureStatsDto implements MeasureStats {
  readonly mean!: number | null;
  readonly min!: number | null;
  readonly max!: number | null;
  readonly sum!: number;
  /** How many values the bucket holds. */
  readonly n!: number;
  /** The exponentially weighted mean of every value up to the bucket's end, weights halving every `halfLife`. */
  readonly ewma!: number | null;
  /** Rolling volatility: the sample standard deviation over the `volatilityWindow` buckets ending with this one. */
  readonly volatility!: number | null;
}

@ApiSchema({ name: 'ToneBucket' })
export class ToneBucketDto implements ToneBucket {
  /** Inclusive, in the view's time zone. */
  readonly start!: string;
  /** Exclusive. */
  readonly end!: string;
  readonly counts!: KindCountsDto;
  /** The Goldstein intensity of the acts. */
  readonly intensity!: MeasureStatsDto;
  /** The recorders' reading of how they were said. */
  readonly tone!: MeasureStatsDto;
}

@ApiSchema({ name: 'ToneView' })
export class ToneViewDto implements ToneView {
  readonly source!: string;
  readonly target!: string;
  readonly mode!: ToneMode;
  readonly bucket!: Bucket;
  readonly tz!: string;
  readonly from!: string;
  readonly to!: string;
  readonly asOf!: string | null;
  readonly halfLife!: string;
  /** Buckets in the rolling volatility's window. */
  readonly volatilityWindow!: number;
  /** What each record weighs in the means, EWMA and volatility (`none`: every record 1). */
  readonly weight!: ToneWeight;
  /** Whether only root events (GDELT IsRootEvent; hand-coded records count as root) are counted. */
  readonly rootOnly!: boolean;
  /** What the counts count: each record (`reports`) or each event its re-reports make (`events`). */
  readonly count!: ToneCount;
  readonly series!: ToneBucketDto[];
}

/** Where the dataset found a report. */
@ApiSchema({ name: 'ReportOrigin' })
export class ReportOriginDto implements NonNullable<EventReport['origin']> {
  readonly dataset!: Dataset;
  /** The row's id in the dataset (the bare ICEWS Event ID, without the date). */
  readonly id!: string;
  /** The source article, when the dataset names one. */
  readonly url?: string;
  /** When the dataset added the row (GDELT DATEADDED). */
  readonly addedAt?: string;
}

@ApiSchema({ name: 'EventReport' })
export class EventReportDto implements EventReport {
  /** The record's id. */
  readonly id!: string;
  readonly occurredAt!: string;
  /** When parley first recorded it. */
  readonly recordedAt!: string;
  /** Absent on a hand-coded record. */
  readonly origin?: ReportOriginDto;
}

/** The records the tone view's `count=events` counts as one event: every report with its source. */
@ApiSchema({ name: 'EventReports' })
export class EventReportsDto implements EventReports {
  /** The record asked about. */
  readonly recordId!: string;
  /** Every report of its event, itself included, in occurrence then record order. */
  readonly reports!: EventReportDto[];
}
