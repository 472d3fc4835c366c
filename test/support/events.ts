import { randomUUID } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../../src/event-store/event-store.port';
import { positionOf } from '../../src/event-store/position';
import { PARLEY_EVENT_TYPES } from '../../src/app/parley-event-types';
import { RECORD_CREATED_TYPES, type DyadEvent } from '../../src/records/domain/dyad';
import type { RecordChanges, RecordDraft } from '../../src/records/domain/record';

/**
 * A `StatementRecorded` event as parley writes it, for tests that fill a log directly
 * (faster than through the API, or on purpose past it).
 */
export function statementEvent(fields: {
  source: string;
  target: string;
  occurredAt: string;
  quote?: string;
  code?: string;
  tone?: number;
}): NewEvent {
  const { quote = 'A statement', ...rest } = fields;
  const recordId = randomUUID();
  return {
    id: recordId,
    subject: recordId,
    type: RECORD_CREATED_TYPES.statement,
    data: {
      recordId,
      kind: 'statement',
      precision: 'instant',
      quote,
      citation: { outlet: 'Test', title: 'Test' },
      topics: [],
      ...rest,
    },
    metadata: { schemaVersion: 2, correlationId: 'test' },
  };
}

/** A domain event on its way into the log: the stream it is appended to, and when it is recorded. */
export interface EventInStream {
  readonly stream: string;
  readonly type: string;
  readonly data: unknown;
  /** ISO 8601; by default a second after the event recorded before it. */
  readonly recordedAt?: string;
}

/** `event` appended to `stream`, recorded at `recordedAt` when the test cares when. */
export function inStream(
  stream: string,
  event: { readonly type: string; readonly data: unknown },
  recordedAt?: string,
): EventInStream {
  return {
    stream,
    type: event.type,
    data: event.data,
    ...(recordedAt === undefined ? {} : { recordedAt }),
  };
}

/** The record events of one dyad stream, as its decider writes them, for projection specs. */
export function dyadEvents(stream: string) {
  const on = (event: DyadEvent, recordedAt?: string) => inStream(stream, event, recordedAt);
  return {
    /** The creation event of `record`. */
    created(record: RecordDraft, recordedAt?: string): EventInStream {
      const { id, ...fields } = record;
      return on(
        { type: RECORD_CREATED_TYPES[record.kind], data: { recordId: id, ...fields } },
        recordedAt,
      );
    },
    corrected(recordId: string, changes: RecordChanges, recordedAt?: string): EventInStream {
      return on(
        { type: 'RecordCorrected', data: { recordId, changes, reason: 'recoded' } },
        recordedAt,
      );
    },
    retracted(recordId: string, recordedAt?: string): EventInStream {
      return on(
        { type: 'RecordRetracted', data: { recordId, reason: 'misattributed' } },
        recordedAt,
      );
    },
  };
}

/** When the first event of a {@link recordingLog} is recorded, unless it says otherwise. */
export const LOG_STARTS_AT = '2025-06-01T12:00:00.000Z';

/**
 * Records events as a store does, in memory and deterministically: each gets the next
 * id (`…-000000000001`), the next revision of its stream (from 0), the next position of
 * the log, the schema version its type is written at, and a recorded time. A projection
 * fed from it sees what it would see from the store.
 */
export function recordingLog(startsAt: string = LOG_STARTS_AT): {
  record(event: EventInStream): RecordedEvent;
} {
  let sequence = 0;
  let lastRecordedMs = Date.parse(startsAt) - 1000;
  const revisions = new Map<string, number>();
  return {
    record(event) {
      sequence += 1;
      const revision = revisions.get(event.stream) ?? 0;
      revisions.set(event.stream, revision + 1);
      const recordedMs =
        event.recordedAt === undefined ? lastRecordedMs + 1000 : Date.parse(event.recordedAt);
      lastRecordedMs = recordedMs;
      return {
        id: `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`,
        stream: event.stream,
        type: event.type,
        data: event.data,
        metadata: {
          schemaVersion: PARLEY_EVENT_TYPES.currentVersion(event.type),
          correlationId: 'test',
        },
        revision,
        position: positionOf(BigInt(sequence)),
        recordedAt: new Date(recordedMs).toISOString(),
      };
    },
  };
}
