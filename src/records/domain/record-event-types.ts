import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import type { EventTypeTable, JsonSchema } from '../../event-store/event-types';
import type { DyadEventType } from './dyad';
import { CAMEO_CODE_PATTERN } from './intensity';
import { PRECISIONS, THREAT_INSTRUMENTS, THREAT_OUTCOMES } from './record';
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

function recordCreated(kind: 'statement' | 'threat' | 'denial', title: string): JsonSchema {
  // Only a threat carries threat terms and only a denial what it denies (record.ts,
  // `kindRuleBroken`): the other kinds' schemas leave the field out, and
  // `additionalProperties: false` refuses it.
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
      'quote',
      'citation',
      'topics',
      ...(kind === 'threat' ? ['threat'] : []),
      ...(kind === 'denial' ? ['denial'] : []),
    ],
    properties: {
      recordId: uuid,
      kind: { const: kind },
      source: actorId,
      target: actorId,
      ...common,
      ...(kind === 'threat' ? { threat } : {}),
      ...(kind === 'denial' ? { denial: { ...denial, minProperties: 1 } } : {}),
    },
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
