import { ACTOR_ID_PATTERN, ACTOR_KINDS } from '../../actors/domain/actor';
import type { CURRENT_SCHEMA_VERSION } from '../../event-store/upcasting/event-schemas';
import { CAMEO_CODE_PATTERN } from '../../records/domain/intensity';
import { PRECISIONS, THREAT_INSTRUMENTS, THREAT_OUTCOMES } from '../../records/domain/record';

/** Every event type parley writes (the upcaster table's keys). */
export type ParleyEventType = keyof typeof CURRENT_SCHEMA_VERSION;

/** A JSON Schema document, as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface EventDataSchema {
  /** The schema version of the data this schema describes: the type's current one. */
  readonly schemaVersion: number;
  /** JSON Schema draft 2020-12 of the event's `data`, without `$id` (the catalog adds it). */
  readonly schema: JsonSchema;
}

/**
 * The JSON Schemas of each event type's data at its current schema version, written by
 * hand from the domain types (records/domain/record.ts, dyad.ts, actors/domain/actor.ts)
 * and the request rules (create-record/record-field-rules.ts). A unit test keeps the
 * versions in step with the upcaster table, and the end-to-end test validates the
 * sample's events against them: a changed shape must change its schema and version.
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

export const EVENT_DATA_SCHEMAS = {
  StatementRecorded: { schemaVersion: 2, schema: recordCreated('statement', 'StatementRecorded') },
  ThreatIssued: { schemaVersion: 2, schema: recordCreated('threat', 'ThreatIssued') },
  DenialIssued: { schemaVersion: 2, schema: recordCreated('denial', 'DenialIssued') },
  RecordCorrected: {
    schemaVersion: 2,
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
    schemaVersion: 1,
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
    schemaVersion: 1,
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
  ActorRegistered: {
    schemaVersion: 1,
    schema: {
      title: 'ActorRegistered',
      description: 'An actor was registered with its stable slug id, name, kind and aliases.',
      type: 'object',
      required: ['id', 'name', 'kind', 'aliases'],
      properties: {
        id: actorId,
        name: { type: 'string', minLength: 1 },
        kind: { enum: ACTOR_KINDS },
        aliases: { type: 'array', items: { type: 'string' } },
        country: { type: 'string', pattern: '^[A-Z]{3}$' },
      },
      additionalProperties: false,
    },
  },
  ActorAffiliated: {
    schemaVersion: 1,
    schema: {
      title: 'ActorAffiliated',
      description: '`actor` belongs to, speaks for or heads `parent` during [from, to).',
      type: 'object',
      required: ['actor', 'parent', 'from'],
      properties: {
        actor: actorId,
        parent: actorId,
        from: instant,
        to: instant,
        role: { type: 'string' },
      },
      additionalProperties: false,
    },
  },
} as const satisfies Record<ParleyEventType, EventDataSchema>;
