import type { NewEvent } from '../../../src/event-store/event-store.port';
// From the benchmark's own node_modules (bench/package.json).
import {
  getSQLiteEventStore,
  sqliteConnection,
  type EmmettEvent,
  type SQLiteEventStore,
} from '@event-driven-io/emmett-sqlite';

/**
 * Emmett's SQLite event store as a TypeScript user sets it up, `getSQLiteEventStore`
 * on a file with its schema created on first use, given one long-lived connection:
 * with none, its pool opens and closes a connection for every operation, which
 * appends single events about ten times slower here, and we compare with Emmett at its
 * best. Its `sqlite3` driver leaves SQLite's defaults, WAL (Emmett sets it) and
 * synchronous=FULL, the durability parley runs with.
 */
export function openEmmett(file: string): { store: SQLiteEventStore; close: () => void } {
  const connection = sqliteConnection({ fileName: file });
  const store = getSQLiteEventStore({
    fileName: file,
    schema: { autoMigration: 'CreateOrUpdate' },
    connectionOptions: { singleton: true, connection },
  });
  return { store, close: () => connection.close() };
}

/** The same event as Emmett takes it: type, data and metadata (Emmett makes the id). */
export function toEmmettEvent(event: NewEvent): EmmettEvent {
  return {
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { ...event.metadata },
  };
}
