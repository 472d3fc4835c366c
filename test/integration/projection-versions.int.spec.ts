import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorsProjection } from '../../src/actors/get-actors/actors.projection';
import { openDatabase, type SqliteDatabase } from '../../src/database/open-database';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { CAMEO_GOLDSTEIN, type IntensityTable } from '../../src/records/domain/cameo-goldstein';
import { dyadStream } from '../../src/records/domain/dyad';
import { createRecordsProjection } from '../../src/records/get-records/records.projection';
import { createToneProjection } from '../../src/records/get-tone/tone.projection';
import { statementEvent } from '../support/events';
import { pollUntil } from '../support/waiting';

/** The repository's table, with "make optimistic comment" (013) re-weighted: a new version. */
const REWEIGHTED: IntensityTable = {
  ...CAMEO_GOLDSTEIN,
  version: CAMEO_GOLDSTEIN.version + 1,
  weights: { ...CAMEO_GOLDSTEIN.weights, '013': 1.5 },
};

function projectionsOn(table: IntensityTable) {
  return [actorsProjection, createRecordsProjection(table), createToneProjection(table)];
}

function intensities(db: SqliteDatabase): { code: string | null; intensity: number }[] {
  return db
    .prepare<[], { code: string | null; intensity: number }>(
      'SELECT DISTINCT code, intensity FROM tone_points ORDER BY code',
    )
    .all();
}

describe('projection versions and the intensity table', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-versions-'));
    db = openDatabase(join(dir, 'parley.db'));
    store = new SqliteEventStore(db);
    for (const [i, code] of ['013', '111', '013'].entries()) {
      await store.append(
        dyadStream('usa', 'rus'),
        [
          statementEvent({
            source: 'usa',
            target: 'rus',
            occurredAt: `2025-0${i + 1}-01T00:00:00Z`,
            quote: `Statement ${i}`,
            code,
          }),
        ],
        'any',
      );
    }
  });

  afterEach(async () => {
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds, blue/green, a projection whose stored version differs, and re-scores history from a changed table', async () => {
    const first = new ProjectionRunner(db, store, projectionsOn(CAMEO_GOLDSTEIN));
    first.start();
    await first.waitForHead();
    expect(intensities(db)).toEqual([
      { code: '013', intensity: 0.4 },
      { code: '111', intensity: -2 },
    ]);
    await first.stop();

    // The next start runs code built on the new table: the stored generation is older.
    const second = new ProjectionRunner(db, store, projectionsOn(REWEIGHTED), {
      rebuildPauseMs: 10,
    });
    second.start();
    const during = second.statusOf('tone');
    expect(during).toMatchObject({ state: 'rebuilding', version: 2003, codeVersion: 3003 });
    // The old generation keeps answering, with the old weights, until the swap.
    expect(intensities(db)).toContainEqual({ code: '013', intensity: 0.4 });

    const after = await pollUntil(() => {
      const status = second.statusOf('tone');
      return status.rebuild === null && status.state === 'live' ? status : undefined;
    }, 'the automatic rebuild to swap in');
    expect(after).toMatchObject({ version: 3003, generation: 2 });
    expect(intensities(db)).toEqual([
      { code: '013', intensity: 1.5 },
      { code: '111', intensity: -2 },
    ]);
    // The old generation's tables are gone; queries read the new one through the view.
    const tables = db
      .prepare<[], { name: string }>(
        `SELECT name FROM sqlite_master WHERE name LIKE 'tone_points__g%' AND type = 'table'`,
      )
      .all()
      .map((t) => t.name);
    expect(tables).toEqual(['tone_points__g2']);
    await second.stop();
  });

  it('lets one process apply the projections of a file; another stands by and reads its checkpoints', async () => {
    const holder = new ProjectionRunner(db, store, projectionsOn(CAMEO_GOLDSTEIN));
    const other = new ProjectionRunner(db, store, projectionsOn(CAMEO_GOLDSTEIN));
    holder.start();
    other.start();
    try {
      expect(holder.isActive()).toBe(true);
      expect(other.isActive()).toBe(false);
      expect(other.status().map((s) => s.state)).toEqual(['standby', 'standby', 'standby']);
      const appended = await store.append(
        dyadStream('usa', 'rus'),
        [
          statementEvent({
            source: 'usa',
            target: 'rus',
            occurredAt: '2025-06-01T00:00:00Z',
            quote: 'Seen through the holder',
          }),
        ],
        'any',
      );
      await other.waitFor({
        stream: dyadStream('usa', 'rus'),
        position: appended.position,
        type: '',
      });
      expect(() => other.retry('tone')).toThrow(/Another parley process/);
    } finally {
      await other.stop();
      await holder.stop();
    }
  });

  it('replaces read-model tables from before generations with views on a rebuilt generation', async () => {
    // The first releases kept plain tables under the names queries use, and their
    // checkpoints in projection_checkpoints.
    db.exec(`CREATE TABLE tone_points (record_id TEXT, stale INTEGER);
      INSERT INTO tone_points VALUES ('left over', 1);
      CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER, position TEXT);
      INSERT INTO projection_checkpoints VALUES ('tone', 1, NULL);`);
    const runner = new ProjectionRunner(db, store, projectionsOn(CAMEO_GOLDSTEIN));
    runner.start();
    try {
      await runner.waitForHead();
      const kind = db
        .prepare<[], { type: string }>(`SELECT type FROM sqlite_master WHERE name = 'tone_points'`)
        .get()?.type;
      expect(kind).toBe('view');
      expect(intensities(db)).toEqual([
        { code: '013', intensity: 0.4 },
        { code: '111', intensity: -2 },
      ]);
      const legacy = db
        .prepare(`SELECT name FROM sqlite_master WHERE name = 'projection_checkpoints'`)
        .all();
      expect(legacy).toEqual([]);
    } finally {
      await runner.stop();
    }
  });
});
