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
  Dataset,
  DenialTarget,
  OriginGeo,
  Precision,
  RecordOrigin,
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

@ApiSchema({ name: 'OriginGeoView' })
export class OriginGeoViewDto implements OriginGeo {
  /** The coding system of `country` and `adm1`: GDELT's FIPS 10-4 codes, or names. */
  readonly system!: 'FIPS10-4' | 'name';
  readonly name?: string;
  readonly country?: string;
  readonly adm1?: string;
  readonly lat?: number;
  readonly lon?: number;
}

/** The dataset row a record was taken from, and what the row said beyond the record's fields. */
@ApiSchema({ name: 'RecordOriginView' })
export class RecordOriginViewDto implements RecordOrigin {
  readonly dataset!: Dataset;
  /** The row's id in the dataset (GDELT GLOBALEVENTID, ICEWS Event ID, POLECAT Event ID). */
  readonly id!: string;
  /** The source article, when the dataset names one. */
  readonly url?: string;
  /** When the dataset added the row. */
  readonly addedAt?: string;
  readonly mentions?: number;
  readonly sources?: number;
  readonly articles?: number;
  /** GDELT IsRootEvent: coded from an article's lead paragraphs. */
  readonly root?: boolean;
  /** GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  readonly quadClass?: 1 | 2 | 3 | 4;
  readonly geo?: OriginGeoViewDto;
  /** The row's own weight (GDELT GoldsteinScale, ICEWS Intensity): the record's `intensity`. */
  readonly intensity?: number;
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
  /** Verbatim; absent only on a record taken from a dataset (`origin`). */
  readonly quote?: string;
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
  /** Present on a record taken from a dataset. */
  readonly origin?: RecordOriginViewDto;
  /** The dyad stream that holds it. */
  readonly stream!: string;
  readonly status!: 'active' | 'retracted';
  /** 1 as recorded, one more for each correction. */
  readonly version!: number;
  /** The act's Goldstein weight, −10 … +10. */
  readonly intensity!: number;
  /** `cameo` (from the record's code), `kind-default`, or the dataset (`gdelt2`, ...) whose row gave the weight. */
  readonly intensitySource!: string;
  /** The CAMEO code whose weight was used; with a dataset's weight, the record's code; empty when none. */
  readonly intensityCode!: string;
  /** Where the tone came from: `recorder`, or the dataset's field (`gdelt2:AvgTone`); absent without a tone. */
  readonly toneSource?: string;
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
