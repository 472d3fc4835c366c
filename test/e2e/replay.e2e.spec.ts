import { rmSync } from 'node:fs';
import type { TestApp } from '../support/app';
import { api } from '../support/client';
import { actorId, affiliate, createRecord, recordBody, registerActors } from '../support/builders';
import { listAll } from '../support/reads';
import { pollUntil } from '../support/waiting';
import { dropReadModels, openReadOnly, READ_MODEL_TABLES, snapshotStore } from '../support/store';
import { backends } from '../support/backends';
import { ProjectionRunner } from '../../src/projections/projection-runner';

interface CheckpointRow {
  name: string;
  version: number;
  position: string | null;
}

function checkpoints(dbFile: string): CheckpointRow[] {
  const db = openReadOnly(dbFile);
  try {
    return db
      .prepare<[], CheckpointRow>(
        'SELECT name, version, position FROM projection_state ORDER BY name',
      )
      .all();
  } finally {
    db.close();
  }
}

describe.each(backends())('replay ($name)', (backend) => {
  let live: TestApp | undefined;
  let liveOpen = false;
  let rebuilt: TestApp | undefined;

  beforeAll(() => backend.setUp());
  afterAll(async () => {
    if (live && liveOpen) await live.close({ keepFiles: true });
    await rebuilt?.close();
    if (live) rmSync(live.dir, { recursive: true, force: true });
    await backend.tearDown();
  });

  it('rebuilds read models from the log that equal the live ones row for row', async () => {
    live = await backend.start();
    liveOpen = true;
    const { baseUrl } = live;
    const client = api(baseUrl);
    // A shared EventStoreDB (npm run test:eventstoredb) may hold records already.
    await live.app.get(ProjectionRunner).waitForHead();
    const preexisting = (await listAll(baseUrl, { includeRetracted: true })).length;
    const person = actorId('p');
    const government = actorId('g');
    const state = actorId('s');
    const other = actorId('x');
    await registerActors(
      baseUrl,
      [person, 'person'],
      [government, 'government'],
      [state, 'state'],
      [other, 'state'],
    );
    await affiliate(baseUrl, government, state, '2000-01-01');
    await affiliate(baseUrl, person, government, '2025-01-20', '2029-01-20');

    const statement = await createRecord(
      baseUrl,
      recordBody({
        source: person,
        target: other,
        occurredAt: '2025-01-10T12:00:00Z',
        code: '013',
        tone: 3,
      }),
    );
    const threat = await createRecord(
      baseUrl,
      recordBody({
        source: person,
        target: other,
        kind: 'threat',
        occurredAt: '2025-02-01T12:00:00Z',
        code: '1312',
        tone: -6,
      }),
    );
    const lapsing = await createRecord(
      baseUrl,
      recordBody({
        source: government,
        target: other,
        kind: 'threat',
        occurredAt: '2025-02-10T12:00:00Z',
        threat: { instrument: 'military', deadline: '2025-03-01T00:00:00Z' },
      }),
    );
    const denial = await createRecord(
      baseUrl,
      recordBody({
        source: other,
        target: person,
        kind: 'denial',
        occurredAt: '2025-02-11T08:00:00+03:00',
        denial: { recordId: threat.id },
      }),
    );
    const doomed = await createRecord(
      baseUrl,
      recordBody({ source: other, target: person, occurredAt: '2025-02-12T08:00:00Z', tone: -1 }),
    );
    await createRecord(
      baseUrl,
      recordBody({ source: state, target: other, occurredAt: '2025-03-01T00:00:00Z' }),
    );

    const writes = [
      client.post(`/records/${statement.id}/corrections`, {
        changes: { tone: -2, code: null, occurredAt: '2025-01-11T12:00:00Z' },
        reason: 'Re-read',
      }),
      client.post(`/records/${statement.id}/corrections`, {
        changes: { quote: 'Corrected quote', citation: { url: 'https://example.org/x' } },
        reason: 'Typo',
      }),
      client.post(`/records/${threat.id}/outcome`, {
        outcome: 'carried-out',
        occurredAt: '2025-03-01T00:00:00Z',
        note: 'Imposed',
      }),
      client.post(`/records/${doomed.id}/retraction`, { reason: 'Duplicate' }),
      client.post(`/records/${denial.id}/corrections`, {
        changes: { tone: -4, denial: { claim: 'the threat' } },
        reason: 'Coded',
      }),
      client.post(`/records/${lapsing.id}/corrections`, {
        changes: { threat: { deadline: null, magnitude: 'large' } },
        reason: 'No deadline',
      }),
    ];
    for (const write of writes) expect((await write).status).toBe(201);
    // A retry that changes nothing writes nothing.
    expect(
      (await client.post(`/records/${doomed.id}/retraction`, { reason: 'Duplicate' })).status,
    ).toBe(200);

    const before = await snapshotStore(live);
    const checkpointsBefore = checkpoints(live.dbFile);
    const recordCount = (await listAll(baseUrl, { includeRetracted: true })).length;
    expect(recordCount - preexisting).toBe(6);
    expect(before.tables.record_versions.length).toBeGreaterThan(recordCount);
    for (const table of READ_MODEL_TABLES) expect(before.tables[table].length).toBeGreaterThan(0);

    await live.close({ keepFiles: true });
    liveOpen = false;
    dropReadModels(live.dbFile);
    const db = openReadOnly(live.dbFile);
    try {
      const left = db
        .prepare<[], { name: string }>(
          `SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`,
        )
        .all()
        .map((r) => r.name);
      expect(left.filter((name) => READ_MODEL_TABLES.some((t) => name.startsWith(t)))).toEqual([]);
      expect(db.prepare('SELECT * FROM projection_state').all()).toEqual([]);
    } finally {
      db.close();
    }

    rebuilt = await backend.start({ dbFile: live.dbFile });
    const target = rebuilt.baseUrl;
    await pollUntil(
      async () =>
        (await listAll(target, { includeRetracted: true })).length === recordCount
          ? true
          : undefined,
      'the records to be back',
    );
    await pollUntil(
      () =>
        JSON.stringify(checkpoints(live?.dbFile ?? '')) === JSON.stringify(checkpointsBefore)
          ? true
          : undefined,
      'every projection to reach its old checkpoint',
    );

    const after = await snapshotStore(rebuilt);
    expect(after.events).toBe(before.events);
    for (const table of READ_MODEL_TABLES)
      expect({ table, rows: after.tables[table] }).toEqual({ table, rows: before.tables[table] });
    expect(checkpoints(rebuilt.dbFile)).toEqual(checkpointsBefore);
  });
});
