import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorsProjection } from '../../src/actors/get-actors/actors.projection';
import { PARLEY_PROJECTIONS } from '../../src/app/parley-projections';
import { openDatabase, type SqliteDatabase } from '../../src/database/open-database';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { CAMEO_GOLDSTEIN, type IntensityTable } from '../../src/records/domain/cameo-goldstein';
import { dyadStream } from '../../src/records/domain/dyad';
import { RecordReader } from '../../src/records/get-records/record-reader';
import { createRecordsProjection } from '../../src/records/get-records/records.projection';
import { createToneProjection } from '../../src/records/get-tone/tone.projection';
import { statementEvent } from '../support/events';
import { pollUntil } from '../support/waiting';

/**
 * Version 1 of the table, as far as these records need it: it listed 03 and 16 but not
 * 0334 or 163, and weighed those by their parent.
 */
const VERSION_1: IntensityTable = {
  ...CAMEO_GOLDSTEIN,
  version: 1,
  weights: { '03': 4.0, '16': -4.0 },
};

describe('a file projected under the 53-code table', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cameo-'));
    db = openDatabase(join(dir, 'parley.db'));
    store = new SqliteEventStore(db);
  });
  afterEach(async () => {
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads its records with the published weights once the service runs the new table', async () => {
    const ids: string[] = [];
    for (const code of ['0334', '163']) {
      const event = statementEvent({
        source: 'usa',
        target: 'rus',
        occurredAt: '2025-02-01T12:00:00Z',
        code,
      });
      ids.push(event.id);
      await store.append(dyadStream('usa', 'rus'), [event], 'any');
    }
    const reader = new RecordReader(db);
    const weights = () => ids.map((id) => reader.get(id)?.intensity);

    const old = new ProjectionRunner(db, store, [
      actorsProjection,
      createRecordsProjection(VERSION_1),
      createToneProjection(VERSION_1),
    ]);
    old.start();
    await old.waitForHead();
    expect(weights()).toEqual([4, -4]);
    await old.stop();

    // The service as it ships: the stored projections were built on an older table.
    const current = new ProjectionRunner(db, store, PARLEY_PROJECTIONS, { rebuildPauseMs: 10 });
    current.start();
    try {
      await pollUntil(
        () => current.status().every((s) => s.state === 'live' && s.rebuild === null) || undefined,
        'the rebuild on the new table to swap in',
      );
      expect(weights()).toEqual([6, -8]);
      const tone = db
        .prepare<[], { intensity: number }>('SELECT intensity FROM tone_points ORDER BY intensity')
        .all();
      expect(tone.map((t) => t.intensity)).toEqual([-8, 6]);
    } finally {
      await current.stop();
    }
  });
});
