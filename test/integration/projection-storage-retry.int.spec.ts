import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorsProjection } from '../../src/actors/get-actors/actors.projection';
import { openDatabase, type SqliteDatabase } from '../../src/database/open-database';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { CAMEO_GOLDSTEIN } from '../../src/records/domain/cameo-goldstein';
import { dyadStream } from '../../src/records/domain/dyad';
import { createRecordsProjection } from '../../src/records/get-records/records.projection';
import { createToneProjection } from '../../src/records/get-tone/tone.projection';
import { statementEvent } from '../support/events';
import { pollUntil } from '../support/waiting';

/** SQLite's own ceiling: no limit but the disk's. */
const NO_PAGE_LIMIT = 1_073_741_823;

describe('a projection that meets a full disk', () => {
  let dir: string;
  let file: string;
  let db: SqliteDatabase;
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  /** Another connection to the file, as another process's `parley import` would be. */
  let writerDb: SqliteDatabase;
  let writer: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-storage-'));
    file = join(dir, 'parley.db');
    db = openDatabase(file);
    store = new SqliteEventStore(db, { pollIntervalMs: 20 });
    runner = new ProjectionRunner(db, store, [
      actorsProjection,
      createRecordsProjection(CAMEO_GOLDSTEIN),
      createToneProjection(CAMEO_GOLDSTEIN),
    ]);
    runner.start();
    writerDb = openDatabase(file);
    writer = new SqliteEventStore(writerDb);
  });

  afterEach(async () => {
    await runner.stop();
    await Promise.all([store.close(), writer.close()]);
    db.close();
    writerDb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries by itself, shown as retrying (not failed), and catches up once space returns', async () => {
    // The runner's connection may not grow the file (SQLITE_FULL, as a full disk answers);
    // the log, written on another connection, still grows.
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    const stream = dyadStream('usa', 'rus');
    for (let i = 0; i < 50; i++)
      await writer.append(
        stream,
        Array.from({ length: 20 }, (_, j) =>
          statementEvent({
            source: 'usa',
            target: 'rus',
            occurredAt: '2025-03-01T00:00:00Z',
            quote: `Statement ${i}.${j} `.repeat(50),
          }),
        ),
        'any',
      );

    const held = await pollUntil(
      () => runner.status().find((s) => s.state === 'retrying'),
      'a projection to retry',
      20_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(runner.status())}`);
    });
    expect(held.retrying).toMatchObject({ code: 'SQLITE_FULL', feed: 'live' });
    expect(held.retrying?.attempts).toBeGreaterThanOrEqual(1);
    expect(held.lastError).toBeNull();
    expect(runner.status().map((s) => s.state)).not.toContain('failed');

    // Space returns: the same batches commit, with no operator's retry or skip.
    db.pragma(`max_page_count = ${NO_PAGE_LIMIT}`);
    await pollUntil(
      () => (runner.status().every((s) => s.state === 'live') ? true : undefined),
      'every projection to be live again',
      60_000,
    );
    await runner.waitForHead(30_000);
    const status = runner.status();
    expect(status.map((s) => [s.name, s.retrying, s.lastError, s.skipped])).toEqual(
      status.map((s) => [s.name, null, null, []]),
    );
    const rows = db
      .prepare<[], { n: number }>('SELECT count(*) AS n FROM record_versions')
      .get()?.n;
    expect(rows).toBe(1_000);
  });
});
