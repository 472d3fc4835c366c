import { RECORD_CREATED_TYPES } from '../../records/domain/dyad';
import type { RecordKind } from '../../records/domain/record';

/**
 * The event types a `kind` keeps. Only what the event itself tells is used, so the
 * feed never has to look a record up: the kind's record-created event, and for threats
 * `ThreatOutcomeRecorded` too (only threats have outcomes). Corrections and retractions
 * name a record but not its kind, so `kind` does not keep them: subscribe by `dyad` or
 * `actor` (or `type=RecordCorrected,RecordRetracted`) to follow a record's later events.
 */
export const KIND_EVENT_TYPES: Readonly<Record<RecordKind, readonly string[]>> = {
  statement: [RECORD_CREATED_TYPES.statement],
  threat: [RECORD_CREATED_TYPES.threat, 'ThreatOutcomeRecorded'],
  denial: [RECORD_CREATED_TYPES.denial],
  action: [RECORD_CREATED_TYPES.action],
};

/**
 * The event types the feed keeps for `type` and `kind`, which combine with AND:
 * undefined when neither is given (any type); an empty list when they exclude each other.
 */
export function feedEventTypes(
  types: readonly string[] | undefined,
  kinds: readonly RecordKind[] | undefined,
): string[] | undefined {
  const ofKinds = kinds && [...new Set(kinds.flatMap((kind) => KIND_EVENT_TYPES[kind]))];
  if (types === undefined) return ofKinds;
  if (ofKinds === undefined) return [...types];
  return types.filter((type) => ofKinds.includes(type));
}
