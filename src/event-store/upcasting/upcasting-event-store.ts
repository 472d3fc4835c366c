import {
  EventStore,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '../event-store.port';
import type { Position } from '../position';
import { upcast } from './event-schemas';

/**
 * The store the service reads through: it delegates to an adapter and hands on every
 * event it reads in its type's current shape. Commands, projections and replays all
 * read through the `EventStore` token, so none of them sees an old shape, and an
 * adapter stays a plain store of what was written. Writes pass through unchanged.
 */
export class UpcastingEventStore extends EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly toCurrent: (event: RecordedEvent) => RecordedEvent = upcast,
  ) {
    super();
  }

  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.inner.append(stream, events, expected);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(stream, options)).map(this.toCurrent);
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

  close(): Promise<void> {
    return this.inner.close();
  }
}
