import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsActorId, IsInstant } from '../../http/validators';
import { CAMEO_CODE_PATTERN } from '../domain/intensity';
import {
  PRECISIONS,
  RECORD_KINDS,
  THREAT_INSTRUMENTS,
  type Precision,
  type RecordDraft,
  type RecordKind,
  type ThreatInstrument,
} from '../domain/record';

export const TOPIC_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class CitationDto {
  @IsString() @MinLength(1) @MaxLength(500) outlet!: string;
  @IsString() @MinLength(1) @MaxLength(1000) title!: string;
  @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }) url?:
    string | null;
  @IsOptional() @IsInstant() publishedAt?: string | null;
}

export class ThreatDto {
  @IsIn(THREAT_INSTRUMENTS) instrument!: ThreatInstrument;
  @IsOptional() @IsString() @MaxLength(200) magnitude?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) condition?: string | null;
  @IsOptional() @IsInstant() deadline?: string | null;
}

export class DenialDto {
  @IsOptional() @IsUUID() recordId?: string | null;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) claim?: string | null;
}

/** A record as `POST /records` takes it; the fields a kind does not use are absent or null. */
export class CreateRecordDto {
  @IsOptional() @IsUUID() id?: string;
  @IsIn(RECORD_KINDS) kind!: RecordKind;
  @IsActorId() source!: string;
  @IsActorId() target!: string;
  @IsInstant() occurredAt!: string;
  @IsIn(PRECISIONS) precision!: Precision;
  @IsString() @MinLength(1) @MaxLength(20_000) quote!: string;
  @ValidateNested() @Type(() => CitationDto) citation!: CitationDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(TOPIC_PATTERN, {
    each: true,
    message: 'each of $property must be a lowercase kebab-case tag',
  })
  topics?: string[];
  @IsOptional()
  @Matches(CAMEO_CODE_PATTERN, { message: '$property must be a CAMEO event code such as 1312' })
  code?: string | null;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-10) @Max(10) tone?:
    number | null;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) confidence?:
    number | null;
  @IsOptional() @IsString() @MaxLength(5000) note?: string | null;
  @IsOptional() @ValidateNested() @Type(() => ThreatDto) threat?: ThreatDto | null;
  @IsOptional() @ValidateNested() @Type(() => DenialDto) denial?: DenialDto | null;
}

/** Drops nulls and absent fields, so that equal records compare equal. */
export function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [
        k,
        v !== null && typeof v === 'object' && !Array.isArray(v) ? withoutNulls(v as object) : v,
      ]),
  ) as T;
}

export function toRecordDraft(dto: CreateRecordDto, id: string): RecordDraft {
  const plain = withoutNulls({
    ...dto,
    citation: { ...dto.citation },
    threat: dto.threat && { ...dto.threat },
    denial: dto.denial && { ...dto.denial },
  });
  const { denial, ...rest } = { ...plain, id, topics: dto.topics ?? [] };
  // `denial: {}` (every field null) denies nothing: it is absent, not empty.
  return (denial && Object.keys(denial).length > 0 ? { ...rest, denial } : rest) as RecordDraft;
}
