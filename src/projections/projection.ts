import type { SqliteDatabase } from '../database/open-database';
import type { LogFilter, RecordedEvent } from '../event-store/event-store.port';

/** The physical name of each of a projection's tables in one generation of it. */
export type TableNames<Table extends string = string> = Readonly<Record<Table, string>>;

/**
 * A projection is a value: what it listens to, the tables it owns, and how one event
 * changes them. The runner applies a batch of events and moves the checkpoint in one
 * SQLite transaction, so an event is never applied twice nor skipped.
 *
 * Its tables live in generations (`tone_points__g3`): queries read a view named after
 * the table (`tone_points`) that points at the live generation, so a rebuild can fill
 * the next generation beside it and swap the views atomically.
 *
 * `apply` must depend only on the event and the tables (never the wall clock), so a
 * rebuild from the log gives the same rows as the live run.
 */
export interface Projection<Table extends string = string> {
  readonly name: string;
  /** Bump when the rows it writes would differ for the same log: the start rebuilds it. */
  readonly version: number;
  readonly filter: LogFilter;
  /** The tables it owns, by the name queries use. */
  readonly tables: readonly Table[];
  /** The DDL that creates one generation of its tables and their indexes. */
  schema(names: TableNames<Table>): string;
  /** Prepares its statements once and returns how it applies one event. */
  bind(db: SqliteDatabase, names: TableNames<Table>): (event: RecordedEvent) => void;
}

export function matchesFilter(
  filter: LogFilter,
  event: Pick<RecordedEvent, 'stream' | 'type'>,
): boolean {
  const value = filter.by === 'streamPrefix' ? event.stream : event.type;
  return filter.prefixes.some((prefix) => value.startsWith(prefix));
}
