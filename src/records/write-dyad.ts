import { NotFound } from '../common/domain-error';
import { appendedReceipt, type WriteReceipt } from '../common/write-receipt';
import type { AppendResult, EventStore, RecordedEvent } from '../event-store/event-store.port';
import type { CommandContext } from '../common/command-context';
import { runStreamCommand } from '../event-store/run-stream-command';
import type { ProjectionRunner } from '../projections/projection-runner';
import {
  decideDyad,
  evolveDyad,
  initialDyadState,
  isRecordCreated,
  type DyadCommand,
  type DyadEvent,
  type DyadState,
  type RecordState,
} from './domain/dyad';
import type { RecordDraft } from './domain/record';
import { asDyadEvent } from './domain/dyad-event';
import { dyadModel } from './domain/dyad-model';
import type { RecordReader } from './get-records/record-reader';

export interface DyadWriteOptions {
  readonly context: CommandContext;
  /** The dyad stream revision the client last saw (`If-Match`). */
  readonly expectedRevision?: number;
}

/**
 * Runs a command on a dyad stream and waits until the read models show it, so the
 * client that wrote reads its own write. A command that changes nothing answers with
 * the record's last event, as a retried request should.
 */
export async function writeDyad(
  store: EventStore,
  runner: ProjectionRunner,
  stream: string,
  recordId: string,
  command: DyadCommand,
  options: DyadWriteOptions,
): Promise<WriteReceipt> {
  const result = await runStreamCommand(
    store,
    stream,
    dyadModel,
    (state) => decideDyad(state, command),
    {
      context: options.context,
      // `If-Match: "-1"` means "no record yet in this dyad": the store's `no_stream`.
      ...(options.expectedRevision === undefined
        ? {}
        : {
            expectedRevision:
              options.expectedRevision === -1 ? ('no_stream' as const) : options.expectedRevision,
          }),
      // The creation event's id is the record's: a retried append of it is a no-op in the store too.
      eventId: (event: DyadEvent) =>
        isRecordCreated(event) ? event.data.recordId : crypto.randomUUID(),
      subject: recordId,
    },
  );
  if (result.appended) {
    await runner.waitFor({ stream, position: result.appended.position, type: '' });
    return appendedReceipt(recordId, stream, result.appended);
  }
  const last = lastEventOf(result.history, recordId);
  // A retry after a crash may find its event in the log but not yet in the read models
  // (they catch up after a restart): it answers once they show it, as the first try would.
  await runner.waitFor({ stream, position: last.position, type: '' });
  return { id: recordId, stream, revision: last.revision, position: last.position, created: false };
}

/** What came of one record of a batch: recorded now, already there as sent, or refused. */
export type BatchOutcome =
  | { readonly status: 'created' | 'unchanged' }
  | { readonly status: 'refused'; readonly error: unknown };

/**
 * Creates many records in one dyad with one decision and one append: the bulk import's
 * path. Only the records' own events are read (by subject); each record is decided on
 * its own, so a refusal refuses that record alone, and a record sent twice in the batch
 * is decided against the first. The outcomes are in the records' order. It does not wait for the read models: the import waits
 * once, at its end.
 */
export async function createRecordsInDyad(
  store: EventStore,
  stream: string,
  records: readonly RecordDraft[],
  context: CommandContext,
): Promise<{ outcomes: readonly BatchOutcome[]; appended?: AppendResult }> {
  let outcomes: BatchOutcome[] = [];
  const result = await runStreamCommand(
    store,
    stream,
    dyadModel,
    (state) => {
      // Decided again from scratch if the append meets a conflict.
      outcomes = [];
      const decided = new Map<string, RecordState>(state);
      const events: DyadEvent[] = [];
      for (const record of records) {
        // A state of the one record, so the fold copies one entry, not the batch.
        const known = decided.get(record.id);
        const one: DyadState = known ? new Map([[record.id, known]]) : initialDyadState;
        try {
          const made = decideDyad(one, { type: 'CreateRecord', record });
          let after = one;
          for (const event of made) after = evolveDyad(after, event);
          const now = after.get(record.id);
          if (now) decided.set(record.id, now);
          events.push(...made);
          outcomes.push({ status: made.length > 0 ? 'created' : 'unchanged' });
        } catch (error) {
          outcomes.push({ status: 'refused', error });
        }
      }
      return events;
    },
    {
      context,
      eventId: (event: DyadEvent) =>
        isRecordCreated(event) ? event.data.recordId : crypto.randomUUID(),
      subject: records.map((record) => record.id),
    },
  );
  return { outcomes, ...(result.appended ? { appended: result.appended } : {}) };
}

function lastEventOf(history: readonly RecordedEvent[], recordId: string): RecordedEvent {
  for (let i = history.length - 1; i >= 0; i--) {
    const event = history[i] as RecordedEvent;
    if (asDyadEvent(event)?.data.recordId === recordId) return event;
  }
  throw new NotFound(`No record with id ${recordId}`);
}

/** The stream of an existing record, for commands that name only the record. */
export function streamOfRecord(records: RecordReader, recordId: string): string {
  const stream = records.streamOf(recordId);
  if (!stream) throw new NotFound(`No record with id ${recordId}`);
  return stream;
}
