/**
 * The test server's storage: one in-memory log with EventStoreDB's append, read and
 * subscription semantics, and nothing about gRPC. `streams-service.ts` translates the
 * wire messages to and from these calls.
 *
 * Numbers that are 64-bit on the wire (revisions, positions, ticks) are bigints here, so
 * nothing is rounded between what a client sends and what the log compares.
 */

/** What the writer expects of the stream, as `AppendReq.Options` / `BatchAppendReq.Options` say it. */
export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type ContentType = 'application/json' | 'application/octet-stream';

/** An event as a client proposes it. */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: ContentType;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** An event as the log recorded it. */
export interface StoredEvent extends ProposedEvent {
  readonly stream: string;
  /** The event's place in its stream, from 0. */
  readonly revision: bigint;
  /**
   * The event's place in the global log. EventStoreDB gives every event a commit and a
   * prepare position; for a single-node append outside an explicit transaction they are
   * equal, so the log keeps one number and answers it for both halves.
   */
  readonly position: bigint;
  /** When the log recorded it: .NET ticks (100 ns) since the Unix epoch, as the server sends "created". */
  readonly created: bigint;
}

/** A position in `$all` as a client sends it: a (commit, prepare) pair. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export type AppendOutcome =
  | {
      readonly kind: 'success';
      /** The revision of the stream's last event (for an idempotent retry, of the retried batch's last event). */
      readonly currentRevision: bigint | undefined;
      /** The position of the last event written (or, for an idempotent retry, found). */
      readonly position: bigint | undefined;
      /** False when the append was recognised as an idempotent retry and nothing was written. */
      readonly written: boolean;
    }
  | {
      readonly kind: 'wrong_expected_version';
      /** The stream's current revision, or undefined when the stream does not exist. */
      readonly currentRevision: bigint | undefined;
      readonly expected: ExpectedState;
    };

export type ReadFrom = 'start' | 'end';
export type Direction = 'forwards' | 'backwards';

/**
 * A filter on `$all`, as `ReadReq.Options.FilterOptions` carries it. A non-empty prefix
 * list wins over the regex, as in EventStoreDB (the client sends one or the other).
 */
export interface LogFilter {
  readonly on: 'stream' | 'eventType';
  readonly prefixes: readonly string[];
  readonly regex: string;
}

export type AppendListener = (events: readonly StoredEvent[]) => void;

/**
 * EventStoreDB positions are byte offsets in its transaction file, so they grow by the size
 * of each record and never equal an event's ordinal. The log imitates that: a fresh log
 * starts past a block of imaginary system records, and every event advances the position
 * by an approximate record size. Tests that confuse a position with a count fail here as
 * they would against the real server.
 */
const FIRST_POSITION = 1_024n;
const RECORD_HEADER_BYTES = 88;
const TICKS_PER_MILLISECOND = 10_000n;

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

export class InMemoryLog {
  private all: StoredEvent[] = [];
  private streams = new Map<string, StoredEvent[]>();
  /**
   * Never rewound, not even by `reset()`: a position handed out once is never handed out
   * again, so a checkpoint kept across a reset cannot alias a newer event.
   */
  private nextPosition = FIRST_POSITION;
  private readonly listeners = new Set<AppendListener>();
  /**
   * When set, subscriptions pause `delayMs` after every `every` events they send: a
   * catch-up then lasts long enough for a test to cut it in the middle.
   */
  pace: { readonly every: number; readonly delayMs: number } | undefined;

  /** Every event, in log order. */
  get events(): readonly StoredEvent[] {
    return this.all;
  }

  /** The position of the log's last event, or undefined when the log is empty. */
  get headPosition(): bigint | undefined {
    return this.all.at(-1)?.position;
  }

  /** One stream's events, in revision order (empty when the stream does not exist). */
  streamEvents(stream: string): readonly StoredEvent[] {
    return this.streams.get(stream) ?? [];
  }

  /** Forgets every event. Positions keep growing (see `nextPosition`); listeners stay. */
  reset(): void {
    this.all = [];
    this.streams = new Map();
  }

  /** Calls `listener` after every append that wrote events; returns the unsubscribe. */
  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Appends `events` to `stream` atomically: all of them or none.
   *
   * The expected-revision check and idempotence follow "Optimistic concurrency and
   * idempotence" (https://developers.eventstore.com/clients/dotnet/21.2/appending/optimistic-concurrency-and-idempotence.html),
   * which the gRPC docs point to for event ids
   * (https://developers.eventstore.com/clients/grpc/appending-events.html#working-with-eventdata):
   * - an exact revision below the current one compares the proposed ids with the stream's
   *   events right after that revision: all committed already → success without writing;
   *   none or only some → wrong expected version;
   * - `any` and `stream_exists` (which EventStoreDB checks the same way once the stream
   *   exists) look the first proposed id up in the stream: all committed already → success
   *   without writing; none → written; some → wrong expected version ("this is considered a
   *   bad request [...] This currently surfaces as a WrongExpectedVersionException").
   *   The real server finds ids through a bounded cache, so the page warns that idempotence
   *   is not guaranteed with `any`; this log remembers every id, so its `any` is exact.
   * - `no_stream` is the exact revision -1.
   * An idempotent retry answers the revision and position of the retried batch's last
   * event, as recent servers do (they report the idempotent write's log position).
   */
  append(stream: string, events: readonly ProposedEvent[], expected: ExpectedState): AppendOutcome {
    const existing = this.streams.get(stream) ?? [];
    const currentRevision = existing.length > 0 ? BigInt(existing.length - 1) : undefined;
    const wrongExpectedVersion: AppendOutcome = {
      kind: 'wrong_expected_version',
      currentRevision,
      expected,
    };

    let after: bigint | undefined; // the revision the new events follow; undefined: by id lookup
    switch (expected.kind) {
      case 'no_stream':
        after = -1n;
        break;
      case 'revision':
        after = expected.revision;
        break;
      case 'stream_exists':
        if (currentRevision === undefined) return wrongExpectedVersion;
        break;
      case 'any':
        break;
    }

    if (events.length === 0) {
      // Nothing to write: only the expectation is checked.
      if (after !== undefined && after !== (currentRevision ?? -1n)) return wrongExpectedVersion;
      return {
        kind: 'success',
        currentRevision,
        position: undefined,
        written: false,
      };
    }

    if (after !== undefined && after !== (currentRevision ?? -1n)) {
      if (after > (currentRevision ?? -1n)) return wrongExpectedVersion;
      const retried = this.retriedAfter(existing, after, events);
      return retried ?? wrongExpectedVersion;
    }

    if (after === undefined) {
      // `any` / `stream_exists`: idempotence by looking the first id up.
      const first = events[0];
      const found = first ? existing.findIndex((event) => event.id === first.id) : -1;
      if (found >= 0) {
        return this.retriedAfter(existing, BigInt(found) - 1n, events) ?? wrongExpectedVersion;
      }
      const ids = new Set(events.map((event) => event.id));
      if (existing.some((event) => ids.has(event.id))) return wrongExpectedVersion;
    }

    return this.write(stream, existing, events);
  }

  /**
   * Reads one stream from `from` (inclusive) in `direction`, at most `count` events;
   * undefined when the stream does not exist, which the wire answers as `stream_not_found`.
   * Reading backwards from `start` gives the first event only, and from past the end starts
   * at the last event, as EventStoreDB's reads do.
   */
  readStream(
    stream: string,
    from: ReadFrom | bigint,
    direction: Direction,
    count: bigint,
  ): StoredEvent[] | undefined {
    const events = this.streams.get(stream);
    if (!events || events.length === 0) return undefined;
    const last = events.length - 1;
    const limit = clampCount(count);
    if (direction === 'forwards') {
      const start = from === 'start' ? 0 : from === 'end' ? events.length : clampIndex(from);
      return events.slice(start, start + limit);
    }
    const start = from === 'start' ? 0 : from === 'end' ? last : Math.min(clampIndex(from), last);
    return events.slice(Math.max(0, start - limit + 1), start + 1).reverse();
  }

  /**
   * Reads `$all` from `from` in `direction`, at most `count` events that pass `filter`.
   *
   * An explicit position is inclusive forwards and exclusive backwards. "Reading from the
   * $all stream" (https://developers.eventstore.com/clients/grpc/reading-events.html#reading-from-the-all-stream)
   * leaves both unsaid. Forwards, the client's own suite settles it: its readAll "from
   * position" test reads one event from an event's position and expects that very event
   * (EventStore-Client-NodeJS, packages/test/src/streams/readAll.test.ts). Backwards is
   * our choice: the server reads its transaction file backwards from the record that ends
   * at the position, so the event at it is not included, and a forward and a backward
   * read from one position split the log without overlap.
   *
   * The filter's search window only bounds the server's pages: a filtered read still
   * returns up to `count` matching events. (The adapter's `readAll` sends no filter, though
   * the client's Rust bridge can; the server takes one, as EventStoreDB does.)
   */
  readAll(
    from: ReadFrom | LogPosition,
    direction: Direction,
    count: bigint,
    filter: LogFilter | undefined,
  ): StoredEvent[] {
    const limit = clampCount(count);
    const matches = filter ? compileFilter(filter) : () => true;
    const out: StoredEvent[] = [];
    if (direction === 'forwards') {
      let index =
        from === 'start'
          ? 0
          : from === 'end'
            ? this.all.length
            : this.firstIndexWhere((event) => !isBefore(event.position, from));
      for (; index < this.all.length && out.length < limit; index += 1) {
        const event = this.all[index];
        if (event && matches(event)) out.push(event);
      }
      return out;
    }
    let index =
      from === 'start'
        ? -1
        : from === 'end'
          ? this.all.length - 1
          : this.firstIndexWhere((event) => !isBefore(event.position, from)) - 1;
    for (; index >= 0 && out.length < limit; index -= 1) {
      const event = this.all[index];
      if (event && matches(event)) out.push(event);
    }
    return out;
  }

  /** The first event of `$all` strictly after `after` (undefined: from the start). */
  nextInAll(after: bigint | LogPosition | undefined): StoredEvent | undefined {
    if (after === undefined) return this.all[0];
    return this.all[this.firstIndexWhere((event) => isAfter(event.position, after))];
  }

  /** The first event of `stream` strictly after log position `after` (undefined: from the start). */
  nextInStream(stream: string, after: bigint | LogPosition | undefined): StoredEvent | undefined {
    const events = this.streams.get(stream) ?? [];
    if (after === undefined) return events[0];
    return events[firstIndexWhere(events, (event) => isAfter(event.position, after))];
  }

  private firstIndexWhere(predicate: (event: StoredEvent) => boolean): number {
    return firstIndexWhere(this.all, predicate);
  }

  /**
   * The idempotence check for a retry whose events would follow revision `after`: the
   * success to answer when every proposed id is already there, in order; undefined otherwise.
   */
  private retriedAfter(
    existing: readonly StoredEvent[],
    after: bigint,
    events: readonly ProposedEvent[],
  ): AppendOutcome | undefined {
    const start = Number(after + 1n);
    const committed = existing.slice(start, start + events.length);
    if (committed.length !== events.length) return undefined;
    if (!committed.every((event, index) => event.id === events[index]?.id)) return undefined;
    const last = committed.at(-1);
    return {
      kind: 'success',
      currentRevision: last?.revision,
      position: last?.position,
      written: false,
    };
  }

  private write(
    stream: string,
    existing: StoredEvent[],
    events: readonly ProposedEvent[],
  ): AppendOutcome {
    const created = BigInt(Date.now()) * TICKS_PER_MILLISECOND;
    const written = events.map((event, index): StoredEvent => {
      const position = this.nextPosition;
      this.nextPosition +=
        BigInt(RECORD_HEADER_BYTES) +
        BigInt(utf8Length(stream) + utf8Length(event.type) + utf8Length(event.id)) +
        BigInt(event.data.length + event.customMetadata.length);
      return {
        ...event,
        stream,
        revision: BigInt(existing.length + index),
        position,
        created,
      };
    });
    existing.push(...written);
    this.streams.set(stream, existing);
    this.all.push(...written);
    const last = written.at(-1);
    for (const listener of [...this.listeners]) listener(written);
    return {
      kind: 'success',
      currentRevision: last?.revision,
      position: last?.position,
      written: true,
    };
  }
}

/**
 * Whether an event passes a filter. A prefix filter matches when the name starts with any
 * prefix; a regex filter when the expression matches anywhere in the name, as .NET's
 * `Regex.IsMatch` that the server uses does ("Server-side filtering",
 * https://developers.eventstore.com/clients/grpc/subscriptions.html#server-side-filtering).
 */
export function compileFilter(filter: LogFilter): (event: StoredEvent) => boolean {
  const pick = (event: StoredEvent): string => (filter.on === 'stream' ? event.stream : event.type);
  if (filter.prefixes.length > 0) {
    const prefixes = [...filter.prefixes];
    return (event) => {
      const name = pick(event);
      return prefixes.some((prefix) => name.startsWith(prefix));
    };
  }
  const regex = new RegExp(filter.regex, 'u');
  return (event) => regex.test(pick(event));
}

/** Whether a log position comes strictly after `after` (a bare bigint: both halves equal). */
export function isAfter(position: bigint, after: bigint | LogPosition): boolean {
  if (typeof after === 'bigint') return position > after;
  return position > after.commit || (position === after.commit && position > after.prepare);
}

function isBefore(position: bigint, before: LogPosition): boolean {
  return position < before.commit || (position === before.commit && position < before.prepare);
}

/** Binary search over a list sorted so that `predicate` is false, then true. */
function firstIndexWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const item = items[middle];
    if (item !== undefined && predicate(item)) high = middle;
    else low = middle + 1;
  }
  return low;
}

function clampCount(count: bigint): number {
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}

function clampIndex(revision: bigint): number {
  return revision > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(revision);
}
