import type { EventMetadata, RecordedEvent } from '../event-store/event-store.port';

/** An event as the replay endpoints, the stream endpoint and `parley replay` give it. */
export interface EventView {
  readonly id: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: number;
  /** The event's place in the global log: an opaque token to resume from (`from=`). */
  readonly position: string;
  /** When the store recorded it (ISO 8601, UTC). */
  readonly recordedAt: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** The view, with its fields in one fixed order, so that two outputs compare byte for byte. */
export function toEventView(event: RecordedEvent): EventView {
  return {
    id: event.id,
    type: event.type,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
  };
}

/** One NDJSON line, newline included. */
export function ndjsonLine(event: RecordedEvent): string {
  return `${JSON.stringify(toEventView(event))}\n`;
}
