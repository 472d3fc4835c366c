import { openDatabase } from '../../../src/database/open-database';
import type { Position } from '../../../src/event-store/position';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { timed } from './measure';
import { readMessagesBatch, sqliteConnection } from '@event-driven-io/emmett-sqlite';

export type ReadAllSide = 'ours' | 'limit' | 'peer';

/** Events per page, on every side: what a catch-up subscription reads at a time. */
const PAGE = 1000;

/**
 * Reads a whole log from the start, page by page, each event parsed (data and
 * metadata from JSON) into the store's event object: what a projection's catch-up does
 * before it applies anything. Each side reads the file its own batched append wrote.
 */
export async function runReadAll(
  side: ReadAllSide,
  file: string,
): Promise<{ eventsPerSecond: number; events: number }> {
  let events = 0;
  let seconds: number;
  switch (side) {
    case 'ours': {
      const db = openDatabase(file);
      const store = new SqliteEventStore(db);
      seconds = await timed(async () => {
        let from: Position | undefined;
        for (;;) {
          const page = await store.readAll({ ...(from ? { from } : {}), limit: PAGE });
          events += page.length;
          const last = page[page.length - 1];
          if (!last || page.length < PAGE) break;
          from = last.position;
        }
      });
      await store.close();
      db.close();
      break;
    }
    case 'limit': {
      const db = openDatabase(file);
      const page = db.prepare<
        [number, number],
        { position: number; data: string; metadata: string }
      >('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
      seconds = await timed(() => {
        let from = 0;
        for (;;) {
          const rows = page.all(from, PAGE);
          for (const row of rows) {
            JSON.parse(row.data);
            JSON.parse(row.metadata);
          }
          events += rows.length;
          const last = rows[rows.length - 1];
          if (!last || rows.length < PAGE) break;
          from = last.position;
        }
      });
      db.close();
      break;
    }
    case 'peer': {
      const connection = sqliteConnection({ fileName: file });
      seconds = await timed(async () => {
        let after = 0n;
        for (;;) {
          const batch = await readMessagesBatch(connection, { after, batchSize: PAGE });
          events += batch.messages.length;
          if (!batch.areEventsLeft || batch.messages.length === 0) break;
          after = batch.currentGlobalPosition;
        }
      });
      connection.close();
      break;
    }
  }
  return { eventsPerSecond: events / seconds, events };
}
