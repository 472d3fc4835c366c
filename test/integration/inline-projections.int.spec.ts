import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../src/database/open-database';
import type { NewEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { positionParts } from '../../src/event-store/position';
import { pollUntil } from '../support/waiting';

/**
 * Inline projections (ADR 0020): on the embedded store, a live projection that is up to
 * date applies an append's events in the append's own transaction, so the read model
 * shows a write the moment the append is answered, read from another connection,
 * without waiting for the projection's feed.
 */
/** Keeps the position and type of every dyad event, in a table named after itself. */
function seenProjection(name: string, failOn?: string): Projection {
  return {
    name,
    version: 1,
    filter: { by: 'streamPrefix', prefixes: ['dyad-'] },
    tables: [name],
    schema: (t) => `CREATE TABLE ${t[name]} (position TEXT PRIMARY KEY, type TEXT NOT NULL)`,
    bind(db, t) {
      const insert = db.prepare(`INSERT INTO ${t[name]} (position, type) VALUES (?, ?)`);
      return (event) => {
        if (event.type === failOn) throw new Error(`${name} cannot apply ${event.type}`);
        insert.run(event.position, event.type);
      };
    },
  };
}

function event(type = 'StatementRecorded'): NewEvent {
  return { id: randomUUID(), type, data: { n: 1 }, metadata: {} };
}

describe('inline projections on the embedded store', () => {
  let dir: string;
  let file: string;
  let db: SqliteDatabase;
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  let reader: Database.Database;

  const seenBy = (table: string, position: string): unknown =>
    reader.prepare(`SELECT type FROM ${table} WHERE position = ?`).get(position);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-inline-'));
    file = join(dir, 'parley.db');
    db = openDatabase(file);
    store = new SqliteEventStore(db, { pollIntervalMs: 50 });
    runner = new ProjectionRunner(db, store, [
      seenProjection('steady'),
      seenProjection('fragile', 'Unreadable'),
    ]);
    // Events from before the start: the feeds catch up on them first.
    await store.append('dyad-usa-rus', [event(), event()], 'any');
    runner.start();
    await runner.waitForHead();
    reader = new Database(file, { readonly: true });
  });

  afterEach(async () => {
    reader.close();
    await runner.stop();
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows an append in the read models, committed, as soon as the append is answered', async () => {
    const appended = await store.append('dyad-usa-rus', [event()], 'any');
    // No waitFor: another connection reads the rows the append's transaction committed.
    expect(seenBy('steady', appended.position)).toEqual({ type: 'StatementRecorded' });
    expect(seenBy('fragile', appended.position)).toEqual({ type: 'StatementRecorded' });
    expect(runner.statusOf('steady').checkpoint).toBe(appended.position);
    const stored = reader
      .prepare<[], { position: string }>(
        `SELECT position FROM projection_state WHERE name = 'steady'`,
      )
      .get();
    expect(stored?.position).toBe(appended.position);
  });

  it('applies concurrent appends of one group commit each once', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.append(`dyad-a${i}-b`, [event(), event()], 'any')),
    );
    const count = (table: string): number =>
      (reader.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('steady')).toBe(2 + 40);
    for (const result of results) expect(seenBy('steady', result.position)).toBeDefined();
    // The feed meets the same events in the log afterwards and applies none of them again
    // (a second insert of a position would fail the projection): once it has applied a
    // later append from another connection, it has passed them all.
    const otherDb = openDatabase(file);
    const other = new SqliteEventStore(otherDb);
    try {
      const foreign = await other.append('dyad-fra-deu', [event()], 'any');
      await runner.waitFor({ ...foreign, stream: 'dyad-fra-deu', type: '' });
    } finally {
      await other.close();
      otherDb.close();
    }
    expect(count('steady')).toBe(43);
    expect(runner.statusOf('steady').state).toBe('live');
  });

  it('stores an append whose inline projection throws, and the projection fails at that event', async () => {
    const bad = event('Unreadable');
    const appended = await store.append('dyad-usa-rus', [bad], 'any');
    const rowid = Number(positionParts(appended.position).commit);
    expect(reader.prepare('SELECT id FROM events WHERE position = ?').get(rowid)).toEqual({
      id: bad.id,
    });
    // The projection that could apply it did, in the append's transaction.
    expect(seenBy('steady', appended.position)).toEqual({ type: 'Unreadable' });
    // The one that could not left no row, and its feed, meeting the event in the log, fails there.
    expect(seenBy('fragile', appended.position)).toBeUndefined();
    const failed = await pollUntil(() => {
      const status = runner.statusOf('fragile');
      return status.state === 'failed' ? status : undefined;
    }, 'the fragile projection to fail');
    expect(failed.lastError).toMatchObject({ eventId: bad.id, position: appended.position });
  });

  it('applies another process’s appends from the log, then goes on inline', async () => {
    const otherDb = openDatabase(file);
    const other = new SqliteEventStore(otherDb);
    try {
      const foreign = await other.append('dyad-fra-deu', [event()], 'any');
      // Not this process's transaction: the feed finds it by polling the file.
      expect(seenBy('steady', foreign.position)).toBeUndefined();
      await runner.waitFor({ ...foreign, stream: 'dyad-fra-deu', type: '' });
      expect(seenBy('steady', foreign.position)).toBeDefined();
      const local = await store.append('dyad-usa-rus', [event()], 'any');
      expect(seenBy('steady', local.position)).toBeDefined();
    } finally {
      await other.close();
      otherDb.close();
    }
  });
});
