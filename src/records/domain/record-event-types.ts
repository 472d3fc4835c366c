import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import type { EventTypeTable, JsonSchema } from '../../event-store/event-types';
import type { DyadEventType } from './dyad';
import { CAMEO_CODE_PATTERN } from './intensity';
import {
  DATASETS,
  PRECISIONS,
  THREAT_INSTRUMENTS,
  THREAT_OUTCOMES,
  type RecordKind,
} from './record';
import { recordCorrectedV1ToV2, recordCreatedV1ToV2 } from './record-citation.upcasters';

/**
 * The records capability's event types, declared once: the version each is written at,
 * the upcasters from each older version, and the JSON Schema of its data now (served at
 * `/schemas/<Type>.json` and named by the feeds' `dataschema`). The schemas are written
 * by hand from the domain types (record.ts, dyad.ts) and the request rules
 * (create-record/record-field-rules.ts); the end-to-end tests validate the sample's
 * events against them, so a changed shape must change its schema and its version.
 *
 * - Record events, version 2: the source citation split from one
 *   `"outlet | title | url | publishedAt"` string into `{ outlet, title, url?, publishedAt? }`.
 * - `ActionRecorded` came after that split: its version 1 is the shape of the others'
 *   version 2, and it has no upcaster.
 * - `origin` (a record taken from a dataset) and a record without `quote` (allowed only
 *   with an origin) were added without a new version: every event written before
 *   still matches, and no older shape needs reading differently.
 */
const instant = { type: 'string', format: 'date-time' } as const;
const text = (minLength: number, maxLength: number) =>
  ({ type: 'string', minLength, maxLength }) as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const actorId = { type: 'string', pattern: ACTOR_ID_PATTERN.source } as const;
/** A correction removes an optional field with `null`. */
const orNull = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

const citationFields = {
  outlet: text(1, 500),
  title: text(1, 1000),
  url: { type: 'string', format: 'uri', pattern: '^https?://' },
  publishedAt: instant,
} as const;
const threatFields = {
  instrument: { enum: THREAT_INSTRUMENTS },
  magnitude: text(0, 200),
  condition: text(0, 2000),
  deadline: instant,
} as const;
const denialFields = { recordId: uuid, claim: text(1, 2000) } as const;
const finite = (minimum: number, maximum: number) =>
  ({ type: 'number', minimum, maximum }) as const;
const count = { type: 'integer', minimum: 0 } as const;
/** record.ts, `RecordOrigin`; create-record/record-field-rules.ts, `OriginRules`. */
const origin = {
  type: 'object',
  required: ['dataset', 'id'],
  properties: {
    dataset: { enum: DATASETS },
    id: text(1, 200),
    url: citationFields.url,
    addedAt: instant,
    mentions: count,
    sources: count,
    articles: count,
    root: { type: 'boolean' },
    quadClass: { enum: [1, 2, 3, 4] },
    geo: {
      type: 'object',
      required: ['system'],
      properties: {
        system: { enum: ['FIPS10-4', 'name'] },
        name: text(1, 500),
        country: text(1, 100),
        adm1: text(1, 100),
        lat: finite(-90, 90),
        lon: finite(-180, 180),
      },
      additionalProperties: false,
    },
    intensity: finite(-10, 10),
  },
  additionalProperties: false,
} as const;

/** The fields a correction may change (record.ts, `RecordFields`). */
const recordFields = {
  occurredAt: instant,
  precision: { enum: PRECISIONS },
  quote: text(1, 20_000),
  citation: {
    type: 'object',
    required: ['outlet', 'title'],
    properties: citationFields,
    additionalProperties: false,
  },
  topics: {
    type: 'array',
    maxItems: 50,
    items: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
  },
  code: { type: 'string', pattern: CAMEO_CODE_PATTERN.source },
  tone: { type: 'number', minimum: -10, maximum: 10 },
  confidence: { type: 'number', minimum: 0, maximum: 1 },
  note: text(0, 5000),
  threat: {
    type: 'object',
    required: ['instrument'],
    properties: threatFields,
    additionalProperties: false,
  },
  denial: { type: 'object', properties: denialFields, additionalProperties: false },
} as const;

function recordCreated(kind: RecordKind, title: string): JsonSchema {
  // Only a threat carries threat terms and only a denial what it denies (record.ts,
  // `kindRuleBroken`): the other kinds' schemas leave the field out, and
  // `additionalProperties: false` refuses it. A record without an origin has its quote,
  // and a denial without one names what it denies.
  const { threat, denial, ...common } = recordFields;
  return {
    title,
    description: `A ${kind} was recorded: the record as first coded, in the stream of its directed dyad.`,
    type: 'object',
    required: [
      'recordId',
      'kind',
      'source',
      'target',
      'occurredAt',
      'precision',
      'citation',
      'topics',
      ...(kind === 'threat' ? ['threat'] : []),
    ],
    properties: {
      recordId: uuid,
      kind: { const: kind },
      source: actorId,
      target: actorId,
      ...common,
      ...(kind === 'threat' ? { threat } : {}),
      ...(kind === 'denial' ? { denial: { ...denial, minProperties: 1 } } : {}),
      origin,
    },
    // Each branch names the properties it requires (strict JSON Schema tools ask it).
    anyOf: [
      { required: ['origin'], properties: { origin } },
      kind === 'denial'
        ? { required: ['quote', 'denial'], properties: { quote: common.quote, denial } }
        : { required: ['quote'], properties: { quote: common.quote } },
    ],
    additionalProperties: false,
  };
}

/** Change objects: any subset of the fields, nested ones merged one level with `null` removing. */
const correctionChanges: JsonSchema = {
  type: 'object',
  minProperties: 1,
  properties: {
    occurredAt: recordFields.occurredAt,
    precision: recordFields.precision,
    quote: recordFields.quote,
    citation: nestedChanges(citationFields),
    topics: recordFields.topics,
    code: orNull(recordFields.code),
    tone: orNull(recordFields.tone),
    confidence: orNull(recordFields.confidence),
    note: orNull(recordFields.note),
    threat: orNull(nestedChanges(threatFields)),
    denial: orNull(nestedChanges(denialFields)),
  },
  additionalProperties: false,
};

function nestedChanges(fields: Readonly<Record<string, JsonSchema>>): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, orNull(s)])),
    additionalProperties: false,
  };
}

export const RECORD_EVENT_TYPES = {
  StatementRecorded: {
    current: 2,
    upcasters: { 1: recordCreatedV1ToV2 },
    schema: recordCreated('statement', 'StatementRecorded'),
  },
  ThreatIssued: {
    current: 2,
    upcasters: { 1: recordCreatedV1ToV2 },
    schema: recordCreated('threat', 'ThreatIssued'),
  },
  DenialIssued: {
    current: 2,
    upcasters: { 1: recordCreatedV1ToV2 },
    schema: recordCreated('denial', 'DenialIssued'),
  },
  ActionRecorded: {
    current: 1,
    upcasters: {},
    schema: recordCreated('action', 'ActionRecorded'),
  },
  RecordCorrected: {
    current: 2,
    upcasters: { 1: recordCorrectedV1ToV2 },
    schema: {
      title: 'RecordCorrected',
      description:
        "A record's fields were corrected: the changes (null removes a field) and the reason.",
      type: 'object',
      required: ['recordId', 'changes', 'reason'],
      properties: { recordId: uuid, changes: correctionChanges, reason: { type: 'string' } },
      additionalProperties: false,
    },
  },
  RecordRetracted: {
    current: 1,
    upcasters: {},
    schema: {
      title: 'RecordRetracted',
      description: 'A record was retracted: it no longer counts, from its recorded time on.',
      type: 'object',
      required: ['recordId', 'reason'],
      properties: { recordId: uuid, reason: { type: 'string' } },
      additionalProperties: false,
    },
  },
  ThreatOutcomeRecorded: {
    current: 1,
    upcasters: {},
    schema: {
      title: 'ThreatOutcomeRecorded',
      description: "A threat's outcome: carried out, withdrawn, or lapsed at its deadline.",
      type: 'object',
      required: ['recordId', 'outcome', 'occurredAt'],
      properties: {
        recordId: uuid,
        outcome: { enum: THREAT_OUTCOMES },
        occurredAt: instant,
        note: { type: 'string' },
      },
      additionalProperties: false,
    },
  },
} as const satisfies EventTypeTable<DyadEventType>;
