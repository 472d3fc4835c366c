/*
 * What the dyad summary answers, as classes for the OpenAPI document; see
 * records-responses.dto.ts for why classes and how they are described.
 */
import { ApiSchema } from '@nestjs/swagger';
import type { ThreatInstrument } from '../domain/record';
import type { ThreatStatus } from '../get-records/record-reader';
import type {
  DyadSummary,
  MeasureSummary,
  SummaryDenial,
  SummaryDenials,
  SummaryThreat,
  SummaryThreats,
} from '../get-tone/summary-reader';
import type { ToneMode } from '../dyad-scope';
import { ApiThreatStatus } from './records-responses.dto';
import { KindCountsDto } from './tone-responses.dto';

/** One measure's climate (its weighted mean) and how it moved over the last window. */
@ApiSchema({ name: 'MeasureSummary' })
export class MeasureSummaryDto implements MeasureSummary {
  /** The weighted mean after the latest record: the relationship's climate. */
  readonly climate!: number | null;
  /** The climate one window before the latest record. */
  readonly climateBefore!: number | null;
  /** climate − climateBefore. */
  readonly change!: number | null;
  /** `steady` when the climate moved by less than 0.5. */
  readonly trend!: 'warming' | 'cooling' | 'steady' | null;
  /** Sample standard deviation of the values in the window ending at the latest record; null with fewer than two. */
  readonly volatility!: number | null;
}

@ApiSchema({ name: 'SummaryThreat' })
export class SummaryThreatDto implements SummaryThreat {
  readonly id!: string;
  readonly source!: string;
  readonly target!: string;
  readonly occurredAt!: string;
  /** Absent on a record taken from a dataset. */
  readonly quote?: string;
  readonly instrument!: ThreatInstrument;
  readonly magnitude?: string;
  readonly condition?: string;
  readonly deadline?: string;
  /** The recorded outcome, `lapsed` once the deadline has passed with none, else `open`. */
  @ApiThreatStatus()
  readonly status?: ThreatStatus;
}

@ApiSchema({ name: 'SummaryThreats' })
export class SummaryThreatsDto implements SummaryThreats {
  readonly open!: number;
  readonly carriedOut!: number;
  readonly withdrawn!: number;
  readonly lapsed!: number;
  readonly items!: SummaryThreatDto[];
}

@ApiSchema({ name: 'SummaryDenial' })
export class SummaryDenialDto implements SummaryDenial {
  readonly id!: string;
  readonly source!: string;
  readonly target!: string;
  readonly occurredAt!: string;
  /** Absent on a record taken from a dataset. */
  readonly quote?: string;
  /** The denied record's id. */
  readonly recordId?: string;
  /** The denied claim, in words. */
  readonly claim?: string;
}

@ApiSchema({ name: 'SummaryDenials' })
export class SummaryDenialsDto implements SummaryDenials {
  readonly count!: number;
  readonly items!: SummaryDenialDto[];
}

/** A relationship at a glance: its counts, climate and trend, open threats and denials. */
@ApiSchema({ name: 'DyadSummary' })
export class DyadSummaryDto implements DyadSummary {
  readonly source!: string;
  readonly target!: string;
  readonly mode!: ToneMode;
  readonly asOf!: string | null;
  readonly halfLife!: string;
  /** The ISO 8601 duration the trend is measured over. */
  readonly window!: string;
  readonly counts!: KindCountsDto;
  /** The first record's occurrence time (UTC); null with none. */
  readonly firstOccurredAt!: string | null;
  readonly lastOccurredAt!: string | null;
  /** The Goldstein intensity of the acts. */
  readonly intensity!: MeasureSummaryDto;
  /** The recorders' reading of how they were said. */
  readonly tone!: MeasureSummaryDto;
  readonly threats!: SummaryThreatsDto;
  readonly denials!: SummaryDenialsDto;
}
