import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARLEY_EVENT_TYPES } from '../../src/app/parley-event-types';
import { openDatabase } from '../../src/database/open-database';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { UpcastingEventStore } from '../../src/event-store/upcasting/upcasting-event-store';
import { describeEventStoreContract } from './event-store.contract';

// The service reads through the upcasting decorator, so it keeps the port's contract
// too: ordering, filters, catch-up then live, a clean end on abort. The contract's
// event types are none of parley's, so they pass through it unchanged.
describeEventStoreContract('upcasting over SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-event-store-'));
  const db = openDatabase(join(dir, 'events.sqlite'));
  const store = new UpcastingEventStore(
    new SqliteEventStore(db, { pollIntervalMs: 60_000 }),
    PARLEY_EVENT_TYPES,
  );
  return Promise.resolve({
    store,
    async dispose() {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});
