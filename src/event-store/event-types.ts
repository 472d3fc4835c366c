import type { UpcastableEvent } from './upcasting/upcaster-chain';
import { upcasterChain, type EventSchema, type UpcasterChain } from './upcasting/upcaster-chain';

/** A JSON Schema document, as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Everything the service needs to know about one event type, declared once by the
 * capability that owns it: the schema version it writes now (`current`), the upcasters
 * from each older version, and the JSON Schema (draft 2020-12, without `$id`) of its data
 * at the current version.
 */
export interface EventTypeDefinition extends EventSchema {
  readonly schema: JsonSchema;
}

/** One capability's event types, by type name (PascalCase, past tense). */
export type EventTypeTable<Type extends string = string> = Readonly<
  Record<Type, EventTypeDefinition>
>;

/**
 * The event types of the whole application: the capabilities' tables combined. The
 * event store is generic; it learns what a type's current version is, and how to bring
 * an old event up to it, from the registry it is given, never from the capabilities.
 */
export class EventTypeRegistry {
  private readonly table: EventTypeTable;
  private readonly chain: UpcasterChain;

  /** @throws Error when two tables declare the same type, or a table has a gap in its upcasters. */
  constructor(tables: readonly EventTypeTable[]) {
    const table: Record<string, EventTypeDefinition> = {};
    for (const each of tables)
      for (const [type, definition] of Object.entries(each)) {
        if (Object.hasOwn(table, type)) throw new Error(`Event type ${type} is declared twice`);
        table[type] = definition;
      }
    this.table = table;
    this.chain = upcasterChain(table);
  }

  /** Every declared type, sorted by name. */
  types(): string[] {
    return Object.keys(this.table).sort();
  }

  /** Own keys only: a stored type named `constructor` is not declared. */
  has(type: string): boolean {
    return Object.hasOwn(this.table, type);
  }

  definition(type: string): EventTypeDefinition | undefined {
    return this.has(type) ? this.table[type] : undefined;
  }

  /** The version an event of `type` is written at; 1 for a type outside the registry. */
  currentVersion(type: string): number {
    return this.chain.currentVersion(type);
  }

  /** Each declared type's current version. */
  currentVersions(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.types().map((type) => [type, this.currentVersion(type)]));
  }

  /**
   * A stored event in its type's current shape: what every read path hands on, so that
   * deciding, projecting and replaying only ever see current events.
   * @throws UnknownSchemaVersion for a version newer than this code knows.
   * @throws UnreadableEventData for data that does not fit its version.
   */
  upcast<Event extends UpcastableEvent>(event: Event): Event {
    return this.chain.upcast(event);
  }
}
