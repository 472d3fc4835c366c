import { DomainError } from '../../common/domain-error';
import type { RecordedEvent } from '../event-store.port';
import type { Position } from '../position';

/** The event an upcast failed on: its type, and where it is stored when the reader knows. */
export type UpcastSubject = Pick<RecordedEvent, 'type'> &
  Partial<Pick<RecordedEvent, 'id' | 'stream' | 'position'>>;

/**
 * An event the upcasters could not bring to its current shape. It names the stored
 * event (id, stream, position) when the reader had them, so that an operator, or a
 * projection runner stopped by it, can point at the one event to look at or skip.
 */
export abstract class UpcastFailed extends DomainError {
  // Not the client's fault, and not to be hidden: the stored event that cannot be read.
  readonly status = 500;
  readonly slug = 'unreadable-event';
  override readonly title = 'A stored event cannot be read';
  readonly eventType: string;
  readonly eventId?: string;
  readonly stream?: string;
  readonly position?: Position;

  protected constructor(event: UpcastSubject, message: string) {
    const where = event.position === undefined ? '' : ` (${event.stream} at ${event.position})`;
    super(`${message}${where}`);
    this.eventType = event.type;
    this.eventId = event.id;
    this.stream = event.stream;
    this.position = event.position;
  }
}

/**
 * A stored event carries a schema version this code cannot read: newer than the
 * current one (written by a later release) or not a version at all. Reading it as if
 * it were current could misread it silently, so every read path fails on it instead:
 * a command on its stream is refused and a projection stops at it, visibly.
 */
export class UnknownSchemaVersion extends UpcastFailed {
  override readonly name = 'UnknownSchemaVersion';

  constructor(
    event: UpcastSubject,
    /** The version as stored (whatever it was). */
    readonly schemaVersion: unknown,
    /** The version this code writes and reads for the type. */
    readonly currentVersion: number,
  ) {
    super(
      event,
      `A ${event.type} event has schema version ${JSON.stringify(schemaVersion)}; this code reads versions 1 to ${currentVersion}`,
    );
  }
}

/**
 * A stored event's data does not have the shape its schema version promises, so no
 * upcaster can turn it into the current one without guessing.
 */
export class UnreadableEventData extends UpcastFailed {
  override readonly name = 'UnreadableEventData';

  constructor(
    event: UpcastSubject,
    readonly schemaVersion: number,
    readonly reason: string,
  ) {
    super(
      event,
      `A ${event.type} event at schema version ${schemaVersion} cannot be read: ${reason}`,
    );
  }
}
