/*
 * What the records' reads and imports answer, as classes for the OpenAPI document. The
 * readers answer plain objects typed by interfaces, which leave nothing at run time to
 * describe; each class implements its reader's interface, so the compiler refuses a class
 * that drifts from what is actually sent. The Nest swagger plugin's metadata
 * (src/openapi/plugin-metadata.ts, `npm run openapi:metadata`) describes their
 * properties from these types and doc comments; each is named without its `Dto` suffix.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ProblemDto } from '../../http/problem.dto';
import type {
  Citation,
  DenialTarget,
  Precision,
  RecordKind,
  ThreatInstrument,
  ThreatOutcome,
  ThreatTerms,
} from '../domain/record';
import {
  THREAT_STATUSES,
  type RecordHistoryEntry,
  type RecordPage,
  type RecordView,
  type ThreatOutcomeView,
  type ThreatStatus,
} from '../get-records/record-reader';
import type { ImportLineResult, ImportReport } from '../import-records/record-importer';

/**
 * A threat's fate, its values listed in a fixed order: the swagger plugin lists a union's
 * members in the type checker's internal order, which moves with the order files are read.
 */
export const ApiThreatStatus = (): PropertyDecorator => ApiProperty({ enum: THREAT_STATUSES });

@ApiSchema({ name: 'CitationView' })
export class CitationViewDto implements Citation {
  readonly outlet!: string;
  readonly title!: string;
  readonly url?: string;
  readonly publishedAt?: string;
}

@ApiSchema({ name: 'ThreatTermsView' })
export class ThreatTermsViewDto implements ThreatTerms {
  readonly instrument!: ThreatInstrument;
  /** What is threatened, e.g. "50%". */
  readonly magnitude?: string;
  readonly condition?: string;
  readonly deadline?: string;
}

@ApiSchema({ name: 'DenialTargetView' })
export class DenialTargetViewDto implements DenialTarget {
  /** The denied record's id. */
  readonly recordId?: string;
  /** The denied claim, in words. */
  readonly claim?: string;
}

@ApiSchema({ name: 'ThreatOutcomeView' })
export class ThreatOutcomeViewDto implements ThreatOutcomeView {
  readonly outcome!: ThreatOutcome;
  readonly occurredAt!: string;
  readonly note?: string;
  readonly recordedAt!: string;
}

/** One version of a record in its history: as recorded, then each correction or retraction. */
@ApiSchema({ name: 'RecordHistoryEntry' })
export class RecordHistoryEntryDto implements RecordHistoryEntry {
  readonly version!: number;
  /** The event that made this version: `StatementRecorded`, `RecordCorrected`, ... */
  readonly type!: string;
  /** When the log learned it: pass as `asOf` to read the record as it was then. */
  readonly recordedAt!: string;
  readonly revision!: number;
  readonly position!: string;
  /** Why it was corrected or retracted. */
  readonly reason?: string;
  /** The fields a correction changed. */
  readonly changes?: Record<string, unknown>;
}

/** A record as the reads answer it: the fields it was recorded with, corrected, and what parley derived. */
@ApiSchema({ name: 'RecordView' })
export class RecordViewDto implements RecordView {
  readonly id!: string;
  readonly kind!: RecordKind;
  readonly source!: string;
  readonly target!: string;
  /** When it happened, ISO 8601 with the offset it was given in. */
  readonly occurredAt!: string;
  readonly precision!: Precision;
  readonly quote!: string;
  readonly citation!: CitationViewDto;
  readonly topics!: string[];
  /** CAMEO event code, e.g. "1312" (threaten sanctions). */
  readonly code?: string;
  /** The recorder's reading of how it was said, hostile -10 … +10 cordial. */
  readonly tone?: number;
  readonly confidence?: number;
  readonly note?: string;
  readonly threat?: ThreatTermsViewDto;
  readonly denial?: DenialTargetViewDto;
  /** The dyad stream that holds it. */
  readonly stream!: string;
  readonly status!: 'active' | 'retracted';
  /** 1 as recorded, one more for each correction. */
  readonly version!: number;
  /** The act's Goldstein weight, −10 … +10. */
  readonly intensity!: number;
  /** `cameo` (from the record's code) or `kind-default`. */
  readonly intensitySource!: string;
  /** The CAMEO code whose weight was used. */
  readonly intensityCode!: string;
  readonly outcome?: ThreatOutcomeViewDto;
  /** For threats: the recorded outcome, `lapsed` once the deadline has passed with none, else `open`. */
  @ApiThreatStatus()
  readonly threatStatus?: ThreatStatus;
  /** When the record was first recorded. */
  readonly recordedAt!: string;
  /** When this version was recorded. */
  readonly updatedAt!: string;
  readonly position!: string;
  /** `GET /records/{id}` only: every version, oldest first. */
  readonly history?: RecordHistoryEntryDto[];
}

@ApiSchema({ name: 'RecordPage' })
export class RecordPageDto implements RecordPage {
  readonly items!: RecordViewDto[];
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor!: string | null;
}

@ApiSchema({ name: 'ImportLineResult' })
export class ImportLineResultDto implements ImportLineResult {
  /** The line's number in the body, from 1. */
  readonly line!: number;
  readonly status!: 'created' | 'unchanged' | 'refused';
  readonly id?: string;
  readonly stream?: string;
  /** Why the line was refused. */
  readonly problem?: ProblemDto;
}

@ApiSchema({ name: 'ImportReport' })
export class ImportReportDto implements ImportReport {
  readonly received!: number;
  readonly created!: number;
  readonly unchanged!: number;
  readonly refused!: number;
  readonly results!: ImportLineResultDto[];
}
