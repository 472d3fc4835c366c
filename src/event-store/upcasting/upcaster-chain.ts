import type { EventMetadata, RecordedEvent } from '../event-store.port';
import { UnknownSchemaVersion, UnreadableEventData } from './upcasting.errors';

/** Turns an event's data at one schema version into its data at the next. */
export type Upcaster = (data: unknown) => unknown;

/** One event type's schema history. */
export interface EventSchema {
  /** The version this code writes, and the one every read is brought up to. */
  readonly current: number;
  /** Keyed by the version they read: `upcasters[v]` turns version v into v + 1. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

export type EventSchemas = Readonly<Record<string, EventSchema>>;

/**
 * What the chain needs of an event: stored, or about to be. Where it is stored, when
 * given, goes into the errors.
 */
export type UpcastableEvent = Pick<RecordedEvent, 'type' | 'data' | 'metadata'> &
  Partial<Pick<RecordedEvent, 'id' | 'stream' | 'position'>>;

export interface UpcasterChain {
  /** The version written for `type`: 1 for a type the chain does not know. */
  currentVersion(type: string): number;
  /**
   * The event in its type's current shape, with `metadata.schemaVersion` saying so; an
   * event already current comes back as it is (the same object). A missing
   * `schemaVersion` counts as 1, the version every event had before versions were
   * recorded. An event of a type the chain does not know is returned untouched,
   * whatever its version: this code reads nothing of it.
   * @throws UnknownSchemaVersion for a version newer than the current one (written by a
   * later release) or one that is not a positive integer.
   * @throws UnreadableEventData when an upcaster finds data that does not fit its version.
   */
  upcast<Event extends UpcastableEvent>(event: Event): Event;
}

/**
 * Builds the chain from each type's schema history, after checking that every type
 * has exactly one upcaster from each version below its current one: a gap would leave
 * old events unreadable, and it is a mistake of the table, not of the data.
 */
export function upcasterChain(schemas: EventSchemas): UpcasterChain {
  for (const [type, schema] of Object.entries(schemas)) checkSchema(type, schema);
  // Own keys only: a stored type named `constructor` is not in the table.
  const schemaOf = (type: string): EventSchema | undefined =>
    Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  const currentVersion = (type: string): number => schemaOf(type)?.current ?? 1;
  return {
    currentVersion,
    upcast<Event extends UpcastableEvent>(event: Event): Event {
      const schema = schemaOf(event.type);
      if (!schema) return event;
      const declared = declaredVersion(event.metadata);
      const from = declared ?? 1;
      if (
        typeof from !== 'number' ||
        !Number.isInteger(from) ||
        from < 1 ||
        from > schema.current
      ) {
        throw new UnknownSchemaVersion(event, from, schema.current);
      }
      if (from === schema.current && declared === from) return event;
      let data = event.data;
      for (let version = from; version < schema.current; version++) {
        const upcaster = schema.upcasters[version];
        // checkSchema saw to it that every step exists.
        if (!upcaster) throw new Error(`No upcaster for ${event.type} from version ${version}`);
        try {
          data = upcaster(data);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new UnreadableEventData(event, version, reason);
        }
      }
      const metadata: EventMetadata = { ...event.metadata, schemaVersion: schema.current };
      return { ...event, data, metadata };
    },
  };
}

/** The version as stored: adapters pass metadata through, so it may be missing or odd. */
function declaredVersion(metadata: EventMetadata | undefined): unknown {
  return (metadata as Partial<Record<keyof EventMetadata, unknown>> | undefined)?.schemaVersion;
}

function checkSchema(type: string, schema: EventSchema): void {
  if (!Number.isInteger(schema.current) || schema.current < 1) {
    throw new Error(`${type}: the current schema version must be a positive integer`);
  }
  const expected = Array.from({ length: schema.current - 1 }, (_, i) => String(i + 1));
  const actual = Object.keys(schema.upcasters).sort((a, b) => Number(a) - Number(b));
  if (actual.join(',') !== expected.join(',')) {
    throw new Error(
      `${type}: version ${schema.current} needs one upcaster from each of [${expected.join(', ')}], found [${actual.join(', ')}]`,
    );
  }
}
