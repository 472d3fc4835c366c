import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

/** DI token of the service's SQLite file (events in embedded mode, read models always). */
export const DATABASE = Symbol('DATABASE');

/**
 * Opens the one SQLite file that holds the embedded event log, the read models and
 * their checkpoints. WAL lets queries read while the projection runner writes;
 * `synchronous = FULL` because an acknowledged append must survive a power cut, not
 * only a crash of the process.
 *
 * The page cache is 64 MiB, not SQLite's 2 MiB: the indexes keyed by record id take
 * each new record at a random place, and with a small cache a bulk write reads most of
 * those pages back from disk before changing them (an import spent most of its commit
 * time there). Reads are not memory-mapped: mapped pages count in the process's
 * resident memory, and a rebuild's peak grew by the map's size (bench, 2026-12-06).
 */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  return db;
}
