import type Database from 'better-sqlite3';
import { openDatabase } from '../../../src/database/open-database';
import type { NewEvent } from '../../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';

/**
 * The limit: the same rows, into the same `events` table (created by parley's own
 * adapter, so indexes and constraints match), on a connection opened with the same
 * pragmas (WAL, synchronous=FULL), by a bare prepared-statement loop. It knows each
 * stream's revision in memory, where a store has to ask the table.
 */
export class BareSqliteLog {
  readonly db: Database.Database;
  private readonly insert: Database.Statement<
    [string, string, number, string, string, string, string]
  >;
  private readonly revisions = new Map<string, number>();

  constructor(file: string) {
    this.db = openDatabase(file);
    void new SqliteEventStore(this.db);
    this.insert = this.db.prepare(
      `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** One transaction for the batch, as an append of it would be. */
  readonly append = (stream: string, events: readonly NewEvent[]): void => {
    this.db.transaction(() => {
      const recordedAt = new Date().toISOString();
      let revision = this.revisions.get(stream) ?? -1;
      for (const event of events) {
        revision += 1;
        this.insert.run(
          event.id,
          stream,
          revision,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          recordedAt,
        );
      }
      this.revisions.set(stream, revision);
    })();
  };

  close(): void {
    this.db.close();
  }
}

/** parley's embedded store on its own connection: the adapter behind the EventStore port. */
export function parleyStore(file: string): { store: SqliteEventStore; db: Database.Database } {
  const db = openDatabase(file);
  return { store: new SqliteEventStore(db), db };
}
