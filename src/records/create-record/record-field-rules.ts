import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { IsInstant } from '../../http/validators';
import { isCameoEventCode } from '../domain/cameo-goldstein';
import { CAMEO_CODE_PATTERN } from '../domain/intensity';
import { DATASETS, PRECISIONS, THREAT_INSTRUMENTS } from '../domain/record';

/**
 * The rules of each record field, shared by the record a recorder posts and the
 * changes of a correction, so both accept exactly the same values.
 */
export const TOPIC_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (min: number, max: number): PropertyDecorator =>
  applyDecorators(IsString(), MinLength(min), MaxLength(max));
const finite = (min: number, max: number): PropertyDecorator =>
  applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(min), Max(max));

export const FieldRules = {
  occurredAt: IsInstant,
  precision: () => IsIn(PRECISIONS),
  quote: () => text(1, 20_000),
  topics: () =>
    applyDecorators(
      IsArray(),
      ArrayMaxSize(50),
      Matches(TOPIC_PATTERN, {
        each: true,
        message: 'each of $property must be a lowercase kebab-case tag',
      }),
    ),
  // The pattern gives clients the shape; the codebook's list refuses 0999, which has it.
  code: () =>
    applyDecorators(
      Matches(CAMEO_CODE_PATTERN, {
        message: '$property must be 2 to 4 digits under a CAMEO root 01-20',
      }),
      ValidateBy(
        { name: 'isCameoEventCode', validator: { validate: (v) => isCameoEventCode(String(v)) } },
        { message: '$property must be an event code the CAMEO codebook lists, such as 1312' },
      ),
    ),
  tone: () => finite(-10, 10),
  confidence: () => finite(0, 1),
  note: () => text(0, 5000),
  outlet: () => text(1, 500),
  title: () => text(1, 1000),
  url: () => IsUrl({ require_protocol: true, protocols: ['http', 'https'] }),
  publishedAt: IsInstant,
  instrument: () => IsIn(THREAT_INSTRUMENTS),
  magnitude: () => text(0, 200),
  condition: () => text(0, 2000),
  deadline: IsInstant,
  deniedRecordId: () => IsUUID(),
  claim: () => text(1, 2000),
} as const;

const count = (): PropertyDecorator =>
  applyDecorators(IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));

/**
 * The rules of a record's `origin` (record.ts, `RecordOrigin`): the dataset and row it
 * was taken from and what the row said. Set by importers; a correction never takes it.
 */
export const OriginRules = {
  dataset: () => IsIn(DATASETS),
  id: () => text(1, 200),
  url: () => IsUrl({ require_protocol: true, protocols: ['http', 'https'] }),
  addedAt: IsInstant,
  mentions: count,
  sources: count,
  articles: count,
  root: () => IsBoolean(),
  quadClass: () => IsIn([1, 2, 3, 4]),
  /** The row's own Goldstein weight: the same scale as parley's intensity. */
  intensity: () => finite(-10, 10),
  geoSystem: () => IsIn(['FIPS10-4', 'name']),
  geoName: () => text(1, 500),
  geoCode: () => text(1, 100),
  latitude: () => finite(-90, 90),
  longitude: () => finite(-180, 180),
} as const;
