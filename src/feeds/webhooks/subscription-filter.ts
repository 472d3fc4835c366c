import type { RecordedEvent } from '../../event-store/event-store.port';
import { RECORD_CREATED_TYPES } from '../../records/domain/dyad';
import type { RecordKind } from '../../records/domain/record';
import {
  logReadFor,
  matchesReplayFilter,
  type DirectedDyad,
  type LogRead,
  type ReplayFilter,
} from '../../replay/domain/replay-filter';

/**
 * What a subscription receives, as it is registered and shown. Each present field
 * narrows (fields combine with AND); the values of one field are alternatives (OR).
 * - `types`: exact event type names (`ThreatIssued`, `RecordCorrected`, ...);
 * - `actors`: the actor's own stream and every dyad it is the source or target of;
 * - `dyads`: directed dyads written `source~target`, as `GET /replay?dyad=` takes them;
 * - `kinds`: records created as these kinds (`statement`, `threat`, `denial`, `action`),
 *   that is the `StatementRecorded`, `ThreatIssued`, `DenialIssued` and `ActionRecorded`
 *   events. Corrections, retractions and outcomes do not carry a kind: subscribe to them
 *   by type.
 */
export interface SubscriptionFilter {
  readonly types?: readonly string[];
  readonly actors?: readonly string[];
  readonly dyads?: readonly string[];
  readonly kinds?: readonly RecordKind[];
}

export interface SubscriptionSelector {
  /** How to read the log (the store's own filter narrows the read where it can). */
  readonly read: LogRead;
  /** The exact test every event read is put to. */
  readonly matches: (event: RecordedEvent) => boolean;
}

/** The replay's filter, reused: a subscription keeps what a replay with the same filter keeps. */
export function toReplayFilter(filter: SubscriptionFilter): ReplayFilter {
  const kindTypes = filter.kinds?.map((kind): string => RECORD_CREATED_TYPES[kind]);
  const types =
    filter.types && kindTypes
      ? filter.types.filter((type) => kindTypes.includes(type))
      : (filter.types ?? kindTypes);
  return {
    ...(types ? { types } : {}),
    ...(filter.actors ? { actors: filter.actors } : {}),
    ...(filter.dyads ? { dyads: filter.dyads.map(parseDyad) } : {}),
  };
}

export function selectorFor(filter: SubscriptionFilter): SubscriptionSelector {
  const replayFilter = toReplayFilter(filter);
  // Types and kinds that exclude each other keep nothing; the store is not asked at all.
  const read: LogRead =
    replayFilter.types?.length === 0 ? { reads: 'nothing' } : logReadFor(replayFilter);
  return { read, matches: (event) => matchesReplayFilter(replayFilter, event) };
}

/** `source~target` as a directed dyad (the DTO has checked the shape). */
export function parseDyad(dyad: string): DirectedDyad {
  const at = dyad.indexOf('~');
  return { source: dyad.slice(0, at), target: dyad.slice(at + 1) };
}
