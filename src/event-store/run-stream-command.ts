import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WrongExpectedVersion } from './event-store.errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  RecordedEvent,
  SubjectRead,
} from './event-store.port';
import type { CommandContext } from '../common/command-context';

export interface DomainEventShape {
  readonly type: string;
  readonly data: unknown;
}

export interface StreamModel<State, Event extends DomainEventShape> {
  readonly initial: State;
  readonly evolve: (state: State, event: Event) => State;
  /** Narrows a stored event to one the model folds; others are passed over. */
  readonly accept: (event: RecordedEvent) => Event | undefined;
  /** What in the stream an event is about (NewEvent.subject), for streams read by subject. */
  readonly subjectOf?: (event: Event) => string | undefined;
}

export interface StreamCommandOptions<Event> {
  /**
   * The stream revision the client last saw (HTTP `If-Match`). When given, a stream
   * that moved on is a conflict for the client to resolve; when not, the command is
   * decided again on the fresh stream, so concurrent writers never lose a write.
   */
  readonly expectedRevision?: number | 'no_stream';
  readonly context: CommandContext;
  /** Chooses an event's id; a stable id makes a retried append idempotent. */
  readonly eventId?: (event: Event) => string;
  /**
   * The one subject the decision is about (a record's id): only its events are read and
   * folded, so the decision costs the same however long the stream has grown. The
   * stream's revision is read with them, and the append expects it, so an event
   * appended meanwhile (by another process) is a conflict, decided again as any other.
   */
  readonly subject?: string | readonly string[];
}

export interface StreamCommandResult<Event> {
  readonly appended?: AppendResult;
  /** The stream (or the subject's part of it) as read before the decision. */
  readonly history: readonly RecordedEvent[];
  readonly events: readonly Event[];
}

const MAX_ATTEMPTS = 25;
/** The longest pause between two attempts; pauses are random up to it (full jitter). */
const MAX_BACKOFF_MS = 100;

/**
 * The write side's one loop: read the stream, fold it into state, decide, append with
 * the revision read. A conflict either goes back to the client (it named a revision)
 * or is decided again on the fresh stream. Commands on one stream in this process take
 * turns ({@link inTurn}), so conflicts come only from other processes.
 */
export async function runStreamCommand<State, Event extends DomainEventShape>(
  store: EventStore,
  stream: string,
  model: StreamModel<State, Event>,
  decide: (state: State, history: readonly RecordedEvent[]) => Event[],
  options: StreamCommandOptions<Event>,
): Promise<StreamCommandResult<Event>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTurn(store, stream, async () => {
        const { events: history, revision: actual } =
          options.subject === undefined
            ? await readWhole(store, stream)
            : await store.readSubject(stream, options.subject);
        if (options.expectedRevision !== undefined && options.expectedRevision !== actual) {
          throw new WrongExpectedVersion(stream, options.expectedRevision, actual);
        }
        let state = model.initial;
        for (const stored of history) {
          const event = model.accept(stored);
          if (event) state = model.evolve(state, event);
        }
        const events = decide(state, history);
        if (events.length === 0) return { history, events };
        const context: Omit<EventMetadata, 'schemaVersion'> = {
          correlationId: options.context.correlationId,
          ...(options.context.causationId ? { causationId: options.context.causationId } : {}),
          ...(options.context.principal ? { principal: options.context.principal } : {}),
          ...(options.context.traceparent ? { traceparent: options.context.traceparent } : {}),
          ...(options.context.assisted ? { assisted: options.context.assisted } : {}),
        };
        const appended = await store.append(
          stream,
          events.map((event) => {
            const subject = model.subjectOf?.(event);
            return {
              id: options.eventId?.(event) ?? randomUUID(),
              type: event.type,
              data: event.data,
              // The store stamps each type's current schema version (UpcastingEventStore).
              metadata: { ...context },
              ...(subject === undefined ? {} : { subject }),
            };
          }),
          actual,
        );
        // Another process appended these very ids first (the same record sent to both): the
        // race's loser decides again on what is there now, so it answers as a retry does
        // (nothing to write) or is refused (the same id with another body), never as a writer.
        if (appended.alreadyAppended) throw new AppendedElsewhere(stream, actual, actual);
        return { appended, history, events };
      });
    } catch (error) {
      const retry =
        (error instanceof WrongExpectedVersion && options.expectedRevision === undefined) ||
        error instanceof AppendedElsewhere;
      if (!retry || attempt >= MAX_ATTEMPTS) throw error;
      // Writers that collided would collide again if they all retried at once: spread
      // them out, more the more often they have collided ("full jitter" backoff).
      await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt));
    }
  }
}

/** See {@link runStreamCommand}: the events were already in the stream, written by another. */
class AppendedElsewhere extends WrongExpectedVersion {}

/** The whole stream and its revision, for commands that are about the stream as a whole. */
async function readWhole(store: EventStore, stream: string): Promise<SubjectRead> {
  const events = await store.readStream(stream);
  return { events, revision: events.length === 0 ? 'no_stream' : events.length - 1 };
}

/** The last command queued on each stream, per store: see {@link inTurn}. */
const turns = new WeakMap<EventStore, Map<string, Promise<unknown>>>();

/**
 * Runs `work` once the commands this process already runs on `stream` are done. Writers
 * in one process take turns instead of colliding: colliding, each of n writers on one
 * stream reads the whole stream up to n times, and on EventStoreDB 40 writers at once on
 * one dyad ran through their attempts and were answered 409, their records lost.
 * Writers in other processes (another instance, a CLI import) can still collide; the
 * loop above decides again for them.
 */
async function inTurn<T>(store: EventStore, stream: string, work: () => Promise<T>): Promise<T> {
  let streams = turns.get(store);
  if (!streams) {
    streams = new Map();
    turns.set(store, streams);
  }
  const previous = streams.get(stream) ?? Promise.resolve();
  const result = previous.then(work);
  const done = result.then(
    () => undefined,
    () => undefined,
  );
  streams.set(stream, done);
  try {
    return await result;
  } finally {
    if (streams.get(stream) === done) streams.delete(stream);
  }
}
