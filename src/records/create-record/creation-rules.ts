import { Refused, UnknownActor } from '../../common/domain-error';
import { dyadStream } from '../domain/dyad';
import type { RecordDraft } from '../domain/record';

/** What the rules of a creation look up beyond the dyad's own stream. */
export interface CreationLookups {
  actorExists(actorId: string): boolean;
  /** The stream a record already lives in, if it exists anywhere. */
  streamOf(recordId: string): string | undefined;
}

/**
 * The rules of a new record that span streams, checked before its dyad decides: both
 * actors are registered, its id is not another dyad's record, and a record it denies
 * exists. The dyad's own decision (decideDyad) keeps the rules within the stream.
 * @throws UnknownActor, Refused
 */
export function refuseCreation(record: RecordDraft, lookups: CreationLookups): void {
  if (!lookups.actorExists(record.source)) throw new UnknownActor(record.source, 'source');
  if (!lookups.actorExists(record.target)) throw new UnknownActor(record.target, 'target');
  const stream = dyadStream(record.source, record.target);
  const existingStream = lookups.streamOf(record.id);
  if (existingStream !== undefined && existingStream !== stream) {
    throw new Refused(
      'record-id-reused',
      `Record ${record.id} already exists in ${existingStream}; a retry must send the same body`,
      'id',
    );
  }
  const denied = record.denial?.recordId;
  if (denied !== undefined && lookups.streamOf(denied) === undefined && denied !== record.id) {
    throw new Refused(
      'unknown-record',
      `The denied record ${denied} does not exist`,
      'denial.recordId',
    );
  }
}
