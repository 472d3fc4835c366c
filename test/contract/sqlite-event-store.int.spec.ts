import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/database/open-database';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { describeEventStoreContract } from './event-store.contract';

// A real file (WAL, fsync) in a directory of its own, as the service runs it.
describeEventStoreContract('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-event-store-'));
  const db = openDatabase(join(dir, 'events.sqlite'));
  // Appends from this process must wake subscribers at once. A poll slower than any
  // test's wait keeps the suite from passing on the cross-process fallback alone.
  const store = new SqliteEventStore(db, { pollIntervalMs: 60_000 });
  return Promise.resolve({
    store,
    async dispose() {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});
