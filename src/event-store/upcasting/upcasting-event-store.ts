import {
  EventStore,
  type AppendResult,
  type ExpectedRevision,
  type InlineCommitHook,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubjectRead,
  type SubscribeToAllOptions,
} from '../event-store.port';
import type { SqliteDatabase } from '../../database/open-database';
import type { EventTypeRegistry } from '../event-types';
import type { Position } from '../position';

/**
 * The store the service reads through: it delegates to an adapter and hands on every
 * event it reads in its type's current shape. Commands, projections and replays all
 * read through the `EventStore` token, so none of them sees an old shape, and an
 * adapter stays a plain store of what was written. Writes of a declared type are
 * stamped with the schema version they are written at, unless they carry one.
 */
export class UpcastingEventStore extends EventStore {
  private readonly toCurrent: (event: RecordedEvent) => RecordedEvent;

  constructor(
    private readonly inner: EventStore,
    private readonly types: Pick<EventTypeRegistry, 'has' | 'currentVersion' | 'upcast'>,
  ) {
    super();
    this.toCurrent = (event) => types.upcast(event);
  }

  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.inner.append(stream, events.map(this.stamped), expected);
  }

  private readonly stamped = (event: NewEvent): NewEvent =>
    this.types.has(event.type) && event.metadata?.schemaVersion === undefined
      ? {
          ...event,
          metadata: { schemaVersion: this.types.currentVersion(event.type), ...event.metadata },
        }
      : event;

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(stream, options)).map(this.toCurrent);
  }

  override async readSubject(
    stream: string,
    subject: string | readonly string[],
  ): Promise<SubjectRead> {
    const read = await this.inner.readSubject(stream, subject);
    return { revision: read.revision, events: read.events.map(this.toCurrent) };
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map(this.toCurrent);
  }

  headPosition(): Promise<Position | undefined> {
    return this.inner.headPosition();
  }

  async *subscribeToAll(options?: SubscribeToAllOptions): AsyncIterable<RecordedEvent> {
    // Leaving this loop (the reader stops, or an upcast throws) returns the inner
    // iterator too, so the adapter's subscription never outlives this one.
    for await (const event of this.inner.subscribeToAll(options)) yield this.toCurrent(event);
  }

  /** Counting reads no event's data: the adapter counts, at its own speed. */
  override countEvents(options?: Pick<ReadAllOptions, 'from' | 'filter'>): Promise<number> {
    return this.inner.countEvents(options);
  }

  /** Events just appended are in their type's current shape already (see `stamped`). */
  override inlineCommits(
    database: SqliteDatabase,
    hook: InlineCommitHook,
  ): (() => void) | undefined {
    return this.inner.inlineCommits(database, hook);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
