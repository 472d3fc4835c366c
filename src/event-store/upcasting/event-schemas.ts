import type { ActorEventType } from '../../actors/domain/actor';
import type { DyadEventType } from '../../records/domain/dyad';
import type { RecordedEvent } from '../event-store.port';
import { recordCorrectedV1ToV2, recordCreatedV1ToV2 } from './record-citation.upcasters';
import { upcasterChain, type EventSchema, type UpcastableEvent } from './upcaster-chain';

type ParleyEventType = DyadEventType | ActorEventType;

const UNCHANGED: EventSchema = { current: 1, upcasters: {} };

/**
 * Every event type parley writes, with the schema version it writes now and the
 * upcasters from each older one. Versions count per type: a type changes version only
 * when its own shape changes. Adding a version means bumping `current` and adding the
 * upcaster from the previous one; the table refuses to load with a gap.
 *
 * - Record events, version 2: the source citation split from one
 *   `"outlet | title | url | publishedAt"` string into `{ outlet, title, url?, publishedAt? }`.
 */
const PARLEY_SCHEMAS = {
  StatementRecorded: { current: 2, upcasters: { 1: recordCreatedV1ToV2 } },
  ThreatIssued: { current: 2, upcasters: { 1: recordCreatedV1ToV2 } },
  DenialIssued: { current: 2, upcasters: { 1: recordCreatedV1ToV2 } },
  RecordCorrected: { current: 2, upcasters: { 1: recordCorrectedV1ToV2 } },
  RecordRetracted: UNCHANGED,
  ThreatOutcomeRecorded: UNCHANGED,
  ActorRegistered: UNCHANGED,
  ActorAffiliated: UNCHANGED,
} as const satisfies Record<ParleyEventType, EventSchema>;

const chain = upcasterChain(PARLEY_SCHEMAS);

/** The schema version each of parley's event types is written at now. */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<ParleyEventType, number>> = Object.fromEntries(
  Object.entries(PARLEY_SCHEMAS).map(([type, schema]) => [type, schema.current]),
) as Record<ParleyEventType, number>;

/** The version to write an event of `type` at; 1 for a type outside the table. */
export function currentSchemaVersion(type: string): number {
  return chain.currentVersion(type);
}

/**
 * A stored event in its type's current shape: what every read path hands on, so that
 * deciding, projecting and replaying only ever see current events.
 * @throws UnknownSchemaVersion for a version newer than this code knows.
 * @throws UnreadableEventData for data that does not fit its version.
 */
export function upcast<Event extends UpcastableEvent = RecordedEvent>(event: Event): Event {
  return chain.upcast(event);
}
