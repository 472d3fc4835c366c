import type { SqliteDatabase } from '../database/open-database';
import type { LogFilter, RecordedEvent } from '../event-store/event-store.port';

/**
 * A projection is a value: what it listens to, the tables it owns, and how one event
 * changes them. The runner applies a batch of events and moves the checkpoint in one
 * SQLite transaction, so an event is never applied twice nor skipped.
 *
 * `apply` must depend only on the event and the tables (never the wall clock), so a
 * rebuild from the log gives the same rows as the live run.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the rows it writes would differ for the same log: the start rebuilds it. */
  readonly version: number;
  readonly filter: LogFilter;
  /** Every table it owns, dropped on a rebuild. */
  readonly tables: readonly string[];
  /** Creates its tables and indexes when missing. */
  migrate(db: SqliteDatabase): void;
  /** Prepares its statements once and returns how it applies one event. */
  bind(db: SqliteDatabase): (event: RecordedEvent) => void;
}

export function matchesFilter(
  filter: LogFilter,
  event: Pick<RecordedEvent, 'stream' | 'type'>,
): boolean {
  const value = filter.by === 'streamPrefix' ? event.stream : event.type;
  return filter.prefixes.some((prefix) => value.startsWith(prefix));
}
