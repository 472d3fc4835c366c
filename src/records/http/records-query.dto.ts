import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsActorId } from '../../actors';
import { IsDateOrInstant, IsInstant, IsTimeZone } from '../../http/validators';
import { TOPIC_PATTERN } from '../create-record/create-record.dto';
import { RECORD_KINDS, type RecordKind } from '../domain/record';
import { BUCKETS, type Bucket } from '../domain/tone-series';
import { TONE_COUNTS, TONE_WEIGHTS, type ToneCount, type ToneWeight } from '../domain/same-event';
import { TONE_MODES, type ToneMode } from '../dyad-scope';

export const MAX_PAGE = 500;
/** A rolling window of more buckets than this is a different question: ask for a larger bucket. */
export const MAX_VOLATILITY_WINDOW = 366;

export class AsOfQueryDto {
  /** Answer with what the log held at this recorded instant. */
  @IsOptional() @IsInstant() asOf?: string;
}

/** `true` or `false` in a query string, as a boolean. */
const QueryBoolean = Transform(({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value,
);

export class RecordFilterQueryDto extends AsOfQueryDto {
  @IsOptional() @IsActorId() source?: string;
  @IsOptional() @IsActorId() target?: string;
  @IsOptional() @IsIn(RECORD_KINDS) kind?: RecordKind;
  @IsOptional() @Matches(TOPIC_PATTERN) topic?: string;
  /** Occurrence time, inclusive. */
  @IsOptional() @IsDateOrInstant() from?: string;
  /** Occurrence time, exclusive. */
  @IsOptional() @IsDateOrInstant() to?: string;
  @IsOptional() @QueryBoolean @IsBoolean() includeRetracted?: boolean;
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

export class ListRecordsQueryDto extends RecordFilterQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}

export class ExportQueryDto extends RecordFilterQueryDto {
  @IsOptional() @IsIn(['ndjson', 'csv']) format?: 'ndjson' | 'csv';
}

export class ToneQueryDto extends AsOfQueryDto {
  @IsOptional() @IsDateOrInstant() from?: string;
  @IsOptional() @IsDateOrInstant() to?: string;
  @IsOptional() @IsIn(BUCKETS) bucket?: Bucket;
  @IsOptional() @IsTimeZone() tz?: string;
  @IsOptional() @IsIn(TONE_MODES) mode?: ToneMode;
  @IsOptional() @IsString() halfLife?: string;
  /** Buckets in the rolling volatility's window, the bucket itself included. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VOLATILITY_WINDOW)
  volatilityWindow?: number;
  /**
   * What each record weighs in the means, EWMA and volatility: 1 (`none`, the default),
   * or its origin's mentions, sources or articles (1 for a record without the field).
   */
  @IsOptional() @IsIn(TONE_WEIGHTS) weight?: ToneWeight;
  /** Only root events: records whose `origin.root` is not false (hand-coded records count). */
  @IsOptional() @QueryBoolean @IsBoolean() rootOnly?: boolean;
  /**
   * `reports` (the default): every record counts; `events`: the reports of one event
   * (same dataset, dyad, code and day; ICEWS: same Event ID) count once, at the first.
   */
  @IsOptional() @IsIn(TONE_COUNTS) count?: ToneCount;
}

/** The records behind a tone view: its dyad, mode, range and `asOf`. */
export class DyadRecordsQueryDto extends AsOfQueryDto {
  /** Occurrence time, inclusive; a bare date is midnight in `tz`. */
  @IsOptional() @IsDateOrInstant() from?: string;
  /** Occurrence time, exclusive; a bare date is midnight in `tz`. */
  @IsOptional() @IsDateOrInstant() to?: string;
  /** The zone a bare date in `from` or `to` is read in; UTC unless given. */
  @IsOptional() @IsTimeZone() tz?: string;
  @IsOptional() @IsIn(TONE_MODES) mode?: ToneMode;
  @IsOptional() @QueryBoolean @IsBoolean() includeRetracted?: boolean;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}

export class SummaryQueryDto extends AsOfQueryDto {
  @IsOptional() @IsIn(TONE_MODES) mode?: ToneMode;
  @IsOptional() @IsString() halfLife?: string;
  /** The span over which trend and volatility are read, ending at the latest record. */
  @IsOptional() @IsString() window?: string;
}
