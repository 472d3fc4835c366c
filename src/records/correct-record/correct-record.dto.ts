import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsInstant } from '../../http/validators';
import { TOPIC_PATTERN } from '../create-record/create-record.dto';
import { CAMEO_CODE_PATTERN } from '../domain/intensity';
import {
  PRECISIONS,
  THREAT_INSTRUMENTS,
  type Precision,
  type ThreatInstrument,
} from '../domain/record';

/** Present means "change it"; a required field can change but not be removed (no null). */
const Present = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

export class CitationChangesDto {
  @Present() @IsString() @MinLength(1) @MaxLength(500) outlet?: string;
  @Present() @IsString() @MinLength(1) @MaxLength(1000) title?: string;
  @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }) url?:
    string | null;
  @IsOptional() @IsInstant() publishedAt?: string | null;
}

export class ThreatChangesDto {
  @Present() @IsIn(THREAT_INSTRUMENTS) instrument?: ThreatInstrument;
  @IsOptional() @IsString() @MaxLength(200) magnitude?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) condition?: string | null;
  @IsOptional() @IsInstant() deadline?: string | null;
}

export class DenialChangesDto {
  @IsOptional() @IsUUID() recordId?: string | null;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) claim?: string | null;
}

/** Any record field but `id`, `kind` and the actors; `null` removes an optional one. */
export class RecordChangesDto {
  @Present() @IsInstant() occurredAt?: string;
  @Present() @IsIn(PRECISIONS) precision?: Precision;
  @Present() @IsString() @MinLength(1) @MaxLength(20_000) quote?: string;
  @Present() @ValidateNested() @Type(() => CitationChangesDto) citation?: CitationChangesDto;
  @Present()
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
  @IsOptional() @ValidateNested() @Type(() => ThreatChangesDto) threat?: ThreatChangesDto | null;
  @IsOptional() @ValidateNested() @Type(() => DenialChangesDto) denial?: DenialChangesDto | null;
}

export class CorrectRecordDto {
  @IsObject() @ValidateNested() @Type(() => RecordChangesDto) changes!: RecordChangesDto;
  @IsString() @MinLength(1) @MaxLength(5000) reason!: string;
}
