/**
 * The service's SQLite file, read (or, for a replay, emptied) directly, past the API:
 * the log's size and every read-model row, to check what a request changed or left.
 */
import Database from 'better-sqlite3';
import { EventStore } from '../../src/event-store/event-store.port';
import type { TestApp } from './app';

export const READ_MODEL_TABLES = [
  'actors',
  'affiliations',
  'record_versions',
  'tone_points',
] as const;
export type ReadModelTable = (typeof READ_MODEL_TABLES)[number];

export interface StoreSnapshot {
  readonly events: number;
  readonly tables: Record<ReadModelTable, unknown[]>;
}

/** Opens the service's SQLite file in a separate, read-only connection. */
export function openReadOnly(dbFile: string): Database.Database {
  return new Database(dbFile, { readonly: true, fileMustExist: true });
}

/** Every row of a table, ordered by all its columns, so two dumps compare row for row. */
export function dumpTable(db: Database.Database, table: string): unknown[] {
  const columns = db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .all()
    .map((c) => `"${c.name}"`);
  if (columns.length === 0) throw new Error(`No table ${table}`);
  return db.prepare(`SELECT * FROM "${table}" ORDER BY ${columns.join(', ')}`).all();
}

/** How many events the log holds (read through the app's own store, whichever it is), and every read-model row. */
export async function snapshotStore(t: Pick<TestApp, 'app' | 'dbFile'>): Promise<StoreSnapshot> {
  const events = await countEvents(t);
  return { events, tables: readModelRows(t.dbFile) };
}

/** The number of events in the log, optionally of one stream, read through the app's store. */
export async function countEvents(t: Pick<TestApp, 'app'>, stream?: string): Promise<number> {
  const store = t.app.get(EventStore);
  const events = stream === undefined ? await store.readAll() : await store.readStream(stream);
  return events.length;
}

/**
 * Drops every generation of every read-model table, the views on them and the
 * projections' state, as an operator would to replay from scratch.
 */
export function dropReadModels(dbFile: string): void {
  const db = new Database(dbFile);
  try {
    db.transaction(() => {
      const objects = db
        .prepare<[], { name: string; type: string }>(
          `SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')`,
        )
        .all()
        .filter(({ name }) =>
          READ_MODEL_TABLES.some((table) => name === table || name.startsWith(`${table}__g`)),
        );
      for (const { name, type } of objects) db.exec(`DROP ${type.toUpperCase()} "${name}"`);
      db.prepare('DELETE FROM projection_state').run();
    })();
  } finally {
    db.close();
  }
}

/** Every read-model row, by table, through a separate read-only connection. */
export function readModelRows(dbFile: string): Record<ReadModelTable, unknown[]> {
  const db = openReadOnly(dbFile);
  try {
    return Object.fromEntries(
      READ_MODEL_TABLES.map((table) => [table, dumpTable(db, table)]),
    ) as Record<ReadModelTable, unknown[]>;
  } finally {
    db.close();
  }
}
