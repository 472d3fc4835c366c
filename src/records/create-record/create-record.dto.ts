import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import { IsActorId } from '../../actors';
import {
  RECORD_KINDS,
  type Dataset,
  type Precision,
  type RecordDraft,
  type RecordKind,
  type ThreatInstrument,
} from '../domain/record';
import { OriginRules as Origin, FieldRules as Rule } from './record-field-rules';

export { TOPIC_PATTERN } from './record-field-rules';

export class CitationDto {
  @Rule.outlet() outlet!: string;
  @Rule.title() title!: string;
  @IsOptional() @Rule.url() url?: string | null;
  @IsOptional() @Rule.publishedAt() publishedAt?: string | null;
}

export class ThreatDto {
  @Rule.instrument() instrument!: ThreatInstrument;
  @IsOptional() @Rule.magnitude() magnitude?: string | null;
  @IsOptional() @Rule.condition() condition?: string | null;
  @IsOptional() @Rule.deadline() deadline?: string | null;
}

export class DenialDto {
  @IsOptional() @Rule.deniedRecordId() recordId?: string | null;
  @IsOptional() @Rule.claim() claim?: string | null;
}

export class OriginGeoDto {
  @Origin.geoSystem() system!: 'FIPS10-4' | 'name';
  @IsOptional() @Origin.geoName() name?: string | null;
  @IsOptional() @Origin.geoCode() country?: string | null;
  @IsOptional() @Origin.geoCode() adm1?: string | null;
  @IsOptional() @Origin.latitude() lat?: number | null;
  @IsOptional() @Origin.longitude() lon?: number | null;
}

/** Which dataset row a record was taken from (record.ts, `RecordOrigin`); set by importers. */
export class OriginDto {
  @Origin.dataset() dataset!: Dataset;
  /** The row's id in the dataset (GDELT GLOBALEVENTID, ICEWS Event ID, POLECAT Event ID). */
  @Origin.id() id!: string;
  @IsOptional() @Origin.url() url?: string | null;
  /** When the dataset added the row, ISO 8601 with its offset. */
  @IsOptional() @Origin.addedAt() addedAt?: string | null;
  @IsOptional() @Origin.mentions() mentions?: number | null;
  @IsOptional() @Origin.sources() sources?: number | null;
  @IsOptional() @Origin.articles() articles?: number | null;
  /** GDELT IsRootEvent. */
  @IsOptional() @Origin.root() root?: boolean | null;
  /** GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  @IsOptional() @Origin.quadClass() quadClass?: 1 | 2 | 3 | 4 | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => OriginGeoDto) geo?: OriginGeoDto | null;
  /** The row's own weight (GDELT GoldsteinScale, ICEWS Intensity): the record's intensity as it is. */
  @IsOptional() @Origin.intensity() intensity?: number | null;
}

/** Absent or null: both mean "not given". */
const given = (value: unknown): boolean => value !== undefined && value !== null;

/** A record as `POST /records` takes it; the fields a kind does not use are absent or null. */
export class CreateRecordDto {
  @IsOptional() @IsUUID() id?: string;
  @IsIn(RECORD_KINDS) kind!: RecordKind;
  @IsActorId() source!: string;
  @IsActorId() target!: string;
  @Rule.occurredAt() occurredAt!: string;
  @Rule.precision() precision!: Precision;
  /** Required, unless the record has an `origin`: the datasets code events, not quotes. */
  @ValidateIf((record: CreateRecordDto) => !given(record.origin) || given(record.quote))
  @Rule.quote()
  quote?: string | null;
  // @IsObject: @ValidateNested alone lets an absent citation through (class-validator
  // skips nested validation of undefined) and validates an array item by item.
  @IsObject() @ValidateNested() @Type(() => CitationDto) citation!: CitationDto;
  @IsOptional() @Rule.topics() topics?: string[];
  @IsOptional() @Rule.code() code?: string | null;
  @IsOptional() @Rule.tone() tone?: number | null;
  @IsOptional() @Rule.confidence() confidence?: number | null;
  @IsOptional() @Rule.note() note?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ThreatDto) threat?: ThreatDto | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DenialDto) denial?: DenialDto | null;
  /** Set by importers on a record taken from a dataset; never corrected. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => OriginDto) origin?: OriginDto | null;
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

/**
 * The draft a valid DTO describes, recorded under `id`. Given a draft it answers an equal
 * draft, so a caller handed one where it declared the DTO (`POST /records`: the validation
 * pipe gives what `parseRecordInput` made) records the same.
 */
export function toRecordDraft(dto: CreateRecordDto, id: string): RecordDraft {
  const plain = withoutNulls({
    ...dto,
    citation: { ...dto.citation },
    threat: dto.threat && { ...dto.threat },
    denial: dto.denial && { ...dto.denial },
    origin: dto.origin && { ...dto.origin, geo: dto.origin.geo && { ...dto.origin.geo } },
  });
  const { denial, ...rest } = { ...plain, id, topics: dto.topics ?? [] };
  // `denial: {}` (every field null) denies nothing: it is absent, not empty.
  return (denial && Object.keys(denial).length > 0 ? { ...rest, denial } : rest) as RecordDraft;
}
