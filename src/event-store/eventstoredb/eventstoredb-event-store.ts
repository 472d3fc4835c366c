import {
  ANY,
  BACKWARDS,
  END,
  KurrentDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type Filter,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { WrongExpectedVersion } from '../event-store.errors';
import {
  EventStore,
  type AppendResult,
  type ExpectedRevision,
  type LogFilter,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '../event-store.port';
import { comparePositions, positionOf, positionParts, type Position } from '../position';
import { toKurrentDbConnectionString } from './connection-string';
import { fromEventStoreDbMetadata, toEventStoreDbMetadata } from './metadata';

export interface EventStoreDbEventStoreOptions {
  /** How long a dropped subscription waits before it reconnects, doubling up to `maxRetryDelayMs`. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Page size of the reads that `readAll` filters on the client side. */
  readonly readPageSize?: number;
}

/**
 * The EventStore port on an EventStoreDB cluster, through `@kurrent/kurrentdb-client`.
 *
 * The port's global log is the user part of `$all`: EventStoreDB's own system events
 * (streams and types beginning with `$`) are never part of it.
 */
export class EventStoreDbEventStore extends EventStore {
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly readPageSize: number;
  private closed = false;

  constructor(
    private readonly client: KurrentDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    super();
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
    this.readPageSize = options.readPageSize ?? 1_000;
  }

  static fromConnectionString(
    connectionString: string,
    options?: EventStoreDbEventStoreOptions,
  ): EventStoreDbEventStore {
    return new EventStoreDbEventStore(
      KurrentDBClient.connectionString(toKurrentDbConnectionString(connectionString)),
      options,
    );
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    // Serialise first: the client's batch append never settles when JSON.stringify throws
    // inside it (circular data), and a refused append must fail, not hang.
    for (const event of events) JSON.stringify(event.data);
    try {
      const result = await this.client.appendToStream(
        stream,
        events.map((event) =>
          jsonEvent({
            id: event.id,
            type: event.type,
            data: event.data as Record<string, unknown>,
            metadata: toEventStoreDbMetadata(event),
          }),
        ),
        { streamState: toStreamState(expected) },
      );
      const position = result.position ?? (await this.lastPositionOf(stream));
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: positionOf(position.commit, position.prepare),
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualState;
        throw new WrongExpectedVersion(
          stream,
          expected,
          typeof actual === 'bigint' ? Number(actual) : 'no_stream',
        );
      }
      throw error;
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision === undefined
            ? backwards
              ? END
              : START
            : BigInt(options.fromRevision),
        ...(options.limit === undefined ? {} : { maxCount: options.limit }),
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /**
   * The client reads `$all` without a server-side filter (only subscriptions take
   * one), so a filtered read pages through the log and keeps what matches.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const kept: RecordedEvent[] = [];
    let from = options.from;
    for (;;) {
      const page = await this.readAllPage(from, backwards);
      for (const event of page.events) {
        if (kept.length >= limit) return kept;
        if (!options.filter || matches(options.filter, event)) kept.push(event);
      }
      if (page.exhausted || kept.length >= limit || !page.last) return kept;
      from = page.last;
    }
  }

  async headPosition(): Promise<Position | undefined> {
    const [last] = await this.readAll({ direction: 'backwards', limit: 1 });
    return last?.position;
  }

  /**
   * Catch-up then live, filtered on the server. A dropped connection is retried with
   * backoff from the last event delivered, so the consumer sees neither a gap nor a
   * repeat.
   */
  async *subscribeToAll(options: SubscribeToAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { signal } = options;
    let from = options.from;
    let delay = this.retryDelayMs;
    while (!signal?.aborted && !this.closed) {
      const subscription = this.client.subscribeToAll({
        fromPosition: from === undefined ? START : positionParts(from),
        filter: toServerFilter(options.filter),
      });
      const stop = (): void => void subscription.unsubscribe();
      signal?.addEventListener('abort', stop, { once: true });
      try {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          const event = toRecordedEvent(resolved);
          if (!event || (from !== undefined && comparePositions(event.position, from) <= 0))
            continue;
          if (signal?.aborted) return;
          yield event;
          from = event.position;
          delay = this.retryDelayMs;
        }
        if (signal?.aborted || this.closed) return;
      } catch (error) {
        if (signal?.aborted || this.closed) return;
        // Dropped (server restart, network): resume after the last delivered event.
        void error;
      } finally {
        signal?.removeEventListener('abort', stop);
        await subscription.unsubscribe().catch(() => undefined);
      }
      await sleep(delay, undefined, signal ? { signal } : {}).catch(() => undefined);
      delay = Math.min(delay * 2, this.maxRetryDelayMs);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.dispose();
  }

  private async readAllPage(
    from: Position | undefined,
    backwards: boolean,
  ): Promise<{ events: RecordedEvent[]; last: Position | undefined; exhausted: boolean }> {
    // One more than a page, because EventStoreDB's `fromPosition` may include the event
    // at that position, and the port's `from` never does.
    const read = this.client.readAll({
      direction: backwards ? BACKWARDS : FORWARDS,
      fromPosition: from === undefined ? (backwards ? END : START) : positionParts(from),
      maxCount: this.readPageSize + 1,
    });
    const events: RecordedEvent[] = [];
    let count = 0;
    let last: Position | undefined;
    for await (const resolved of read) {
      count += 1;
      const event = toRecordedEvent(resolved);
      const position = resolved.event?.position;
      if (position) last = positionOf(position.commit, position.prepare);
      if (!event) continue;
      if (from !== undefined) {
        const order = comparePositions(event.position, from);
        if (backwards ? order >= 0 : order <= 0) continue;
      }
      events.push(event);
    }
    return { events, last, exhausted: count <= this.readPageSize };
  }

  private async lastPositionOf(stream: string): Promise<{ commit: bigint; prepare: bigint }> {
    const [last] = await this.readStream(stream, { direction: 'backwards', limit: 1 });
    if (!last) throw new Error(`Stream ${stream} has no event after an append`);
    return positionParts(last.position);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** System events (`$`-prefixed streams and types) are EventStoreDB's own, not the log's. */
function isSystem(stream: string, type: string): boolean {
  return stream.startsWith('$') || type.startsWith('$');
}

function toServerFilter(filter: LogFilter | undefined): Filter {
  if (!filter) return excludeSystemEvents();
  const prefixes = [...filter.prefixes];
  return filter.by === 'streamPrefix'
    ? streamNameFilter({ prefixes })
    : eventTypeFilter({ prefixes });
}

function matches(filter: LogFilter, event: RecordedEvent): boolean {
  const value = filter.by === 'streamPrefix' ? event.stream : event.type;
  return filter.prefixes.some((prefix) => value.startsWith(prefix));
}

function toRecordedEvent(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || isSystem(event.streamId, event.type) || !event.position) return undefined;
  const { metadata, subject } = fromEventStoreDbMetadata(event.metadata);
  return {
    id: event.id,
    type: event.type,
    stream: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event.position.commit, event.position.prepare),
    data: event.isJson ? event.data : Buffer.from(event.data).toString('utf8'),
    metadata,
    recordedAt: recordedAt(event.created),
    ...(subject === undefined ? {} : { subject }),
  };
}

/**
 * The client reads (`readStream`, `readAll`) through its Rust bridge, which hands the
 * recorded time over in whole seconds, while subscriptions (grpc-js) keep the
 * milliseconds the server sent. A projection rebuilt from reads must store the bytes the
 * live run stored, so every path keeps whole seconds.
 */
function recordedAt(created: Date): string {
  return new Date(Math.floor(created.getTime() / 1_000) * 1_000).toISOString();
}
