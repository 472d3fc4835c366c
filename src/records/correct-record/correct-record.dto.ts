import { Type } from 'class-transformer';
import {
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FieldRules as Rule } from '../create-record/record-field-rules';
import type { Precision, ThreatInstrument } from '../domain/record';

/** Present means "change it"; a required field can change but not be removed (no null). */
const Present = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

export class CitationChangesDto {
  @Present() @Rule.outlet() outlet?: string;
  @Present() @Rule.title() title?: string;
  @IsOptional() @Rule.url() url?: string | null;
  @IsOptional() @Rule.publishedAt() publishedAt?: string | null;
}

export class ThreatChangesDto {
  @Present() @Rule.instrument() instrument?: ThreatInstrument;
  @IsOptional() @Rule.magnitude() magnitude?: string | null;
  @IsOptional() @Rule.condition() condition?: string | null;
  @IsOptional() @Rule.deadline() deadline?: string | null;
}

export class DenialChangesDto {
  @IsOptional() @Rule.deniedRecordId() recordId?: string | null;
  @IsOptional() @Rule.claim() claim?: string | null;
}

/** Any record field but `id`, `kind` and the actors; `null` removes an optional one. */
export class RecordChangesDto {
  @Present() @Rule.occurredAt() occurredAt?: string;
  @Present() @Rule.precision() precision?: Precision;
  @Present() @Rule.quote() quote?: string;
  // @IsObject: @ValidateNested alone validates an array item by item and lets it through.
  @Present()
  @IsObject()
  @ValidateNested()
  @Type(() => CitationChangesDto)
  citation?: CitationChangesDto;
  @Present() @Rule.topics() topics?: string[];
  @IsOptional() @Rule.code() code?: string | null;
  @IsOptional() @Rule.tone() tone?: number | null;
  @IsOptional() @Rule.confidence() confidence?: number | null;
  @IsOptional() @Rule.note() note?: string | null;
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ThreatChangesDto)
  threat?: ThreatChangesDto | null;
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DenialChangesDto)
  denial?: DenialChangesDto | null;
}

export class CorrectRecordDto {
  @IsObject() @ValidateNested() @Type(() => RecordChangesDto) changes!: RecordChangesDto;
  @IsString() @MinLength(1) @MaxLength(5000) reason!: string;
}
