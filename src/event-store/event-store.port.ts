import type { SqliteDatabase } from '../database/open-database';
import type { Position } from './position';

/**
 * What the writer expects of the stream before its append:
 * - `'any'`: no check;
 * - `'no_stream'`: the stream has no events yet;
 * - `'stream_exists'`: the stream has at least one event;
 * - a number: the revision of the stream's last event (revisions count from 0).
 *
 * Semantics follow EventStoreDB's, so the embedded store never promises what the
 * cluster cannot keep.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** Metadata every event carries; adapters may add fields of their own. */
export interface EventMetadata {
  readonly schemaVersion: number;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly principal?: string;
  /**
   * The W3C trace context (`00-<trace id>-<span id>-<flags>`) of the request that wrote
   * the event, so whatever the event sets off downstream (a webhook, a consumer) can join
   * that trace.
   */
  readonly traceparent?: string;
  /** Written from an assisted-coding suggestion: its id and the fields the recorder edited. */
  readonly assisted?: { readonly suggestionId: string; readonly changed: readonly string[] };
}

/**
 * An event's metadata as it is appended. A writer may leave `schemaVersion` out: the
 * store the service writes through (UpcastingEventStore) stamps the type's current
 * version from the event-type registry. A raw adapter stores what it is given.
 */
export type NewEventMetadata = Omit<EventMetadata, 'schemaVersion'> & {
  readonly schemaVersion?: number;
};

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** A UUID; appending the same ids again at the same expected revision is a no-op. */
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: NewEventMetadata;
  /**
   * What in its stream the event is about, when it is about one thing (a record's id in
   * a dyad stream): {@link EventStore.readSubject} reads only a subject's events, so a
   * decision about one record costs the same in a stream of 100,000 as in an empty one.
   */
  readonly subject?: string;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends Omit<
  NewEvent<Type, Data>,
  'metadata'
> {
  readonly metadata: EventMetadata;
  readonly stream: string;
  /** The event's place in its stream, from 0. */
  readonly revision: number;
  /** The event's place in the global log. */
  readonly position: Position;
  /** When the store recorded it (ISO 8601, UTC): "when we learned it". */
  readonly recordedAt: string;
}

export interface AppendResult {
  /** The revision of the stream's last event after the append. */
  readonly nextExpectedRevision: number;
  /** The position of the last appended event. */
  readonly position: Position;
  /**
   * True when the events were already the stream's (an idempotent repeat) and this call
   * wrote nothing: another writer, perhaps another process, appended the same ids
   * first. Absent when the adapter cannot tell.
   */
  readonly alreadyAppended?: true;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive revision to start from; defaults to the start (forwards) or end (backwards). */
  readonly fromRevision?: number;
  readonly direction?: ReadDirection;
  readonly limit?: number;
}

/**
 * A server-side filter on the global log. EventStoreDB filters either by stream name
 * prefix or by event type prefix, never both at once, and so does the port.
 */
export type LogFilter =
  | { readonly by: 'streamPrefix'; readonly prefixes: readonly string[] }
  | { readonly by: 'eventTypePrefix'; readonly prefixes: readonly string[] };

export interface ReadAllOptions {
  /** Exclusive: forwards, the events after it; backwards, the events before it. */
  readonly from?: Position;
  readonly direction?: ReadDirection;
  readonly limit?: number;
  readonly filter?: LogFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive: the subscription delivers the events after this position. */
  readonly from?: Position;
  readonly filter?: LogFilter;
  /** Aborting ends the iteration cleanly. */
  readonly signal?: AbortSignal;
  /**
   * A hint: the subscriber has handled every event up to this position by other means
   * (inline projections), so the store may skip reading them. Asked before each read;
   * an adapter may ignore it.
   */
  readonly handledUpTo?: () => Position | undefined;
}

/** What {@link EventStore.readSubject} answers. */
export interface SubjectRead {
  /** The stream's revision when the events were read. */
  readonly revision: number | 'no_stream';
  readonly events: RecordedEvent[];
}

/**
 * Work done inside the transaction that commits appends (an embedded store's inline
 * projections). It gets the appended events in log order and the log's head before
 * them; what it writes to the same database commits or rolls back with them. It
 * returns what to do once the commit is durable (before any append is answered), or
 * nothing.
 */
export type InlineCommitHook = (
  events: readonly RecordedEvent[],
  headBefore: Position | undefined,
) => (() => void) | void;

const COUNT_PAGE = 1000;

/**
 * The event store port: the one interface both adapters (embedded SQLite and
 * EventStoreDB) implement, and one contract suite (`test/contract/`) checks.
 * It doubles as the DI token.
 */
export abstract class EventStore {
  /**
   * Appends events to a stream atomically.
   * @throws WrongExpectedVersion when the stream is not at `expected`, unless the
   * events' ids are already the stream's events at that revision (an idempotent retry).
   */
  abstract append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;

  /** Reads one stream; a stream with no events reads as empty. */
  abstract readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * The events of one subject (or of several) in a stream, in order, with the stream's
   * revision as of the same read: events appended after that revision are left out, so
   * an append that expects it fails if anything was appended since. Events stored
   * without a subject are included (a log written before subjects were recorded answers
   * correctly, only slower). This default reads the whole stream; an adapter that
   * indexes subjects overrides it.
   */
  async readSubject(stream: string, subject: string | readonly string[]): Promise<SubjectRead> {
    const wanted = new Set(typeof subject === 'string' ? [subject] : subject);
    const history = await this.readStream(stream);
    const last = history[history.length - 1];
    return {
      revision: last ? last.revision : 'no_stream',
      events: history.filter((event) => event.subject === undefined || wanted.has(event.subject)),
    };
  }

  /** Reads the global log in order. */
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** The position of the last event in the log, or undefined when it is empty. */
  abstract headPosition(): Promise<Position | undefined>;

  /**
   * How many events of the log (after `from`, matching `filter`) there are. This
   * default reads them all; an adapter that can count faster overrides it.
   */
  async countEvents(options: Pick<ReadAllOptions, 'from' | 'filter'> = {}): Promise<number> {
    let count = 0;
    let from = options.from;
    for (;;) {
      const page = await this.readAll({ ...options, from, limit: COUNT_PAGE });
      count += page.length;
      const last = page[page.length - 1];
      if (page.length < COUNT_PAGE || !last) return count;
      from = last.position;
    }
  }

  /**
   * Catch-up then live: every event after `from`, in log order, with no gap between
   * the historical and the live part. Ends cleanly when `signal` aborts.
   */
  abstract subscribeToAll(options?: SubscribeToAllOptions): AsyncIterable<RecordedEvent>;

  /**
   * Runs `hook` in the transaction of every append from now on, where the store commits
   * its appends in a transaction of `database` (the embedded store, on the service's
   * file); answers how to stop it. This default answers undefined: the store commits
   * elsewhere (EventStoreDB), and readers follow it through subscriptions alone.
   */
  inlineCommits(database: SqliteDatabase, hook: InlineCommitHook): (() => void) | undefined {
    void database;
    void hook;
    return undefined;
  }

  /** Releases connections; further calls fail. */
  abstract close(): Promise<void>;
}
