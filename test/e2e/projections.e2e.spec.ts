import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/database/open-database';
import { EventStore } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { dyadStream, RECORD_CREATED_TYPES } from '../../src/records/domain/dyad';
import { statementEvent } from '../support/events';
import { startParleyProcess } from '../support/parley-process';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import { pollUntil } from '../support/waiting';
import { dropReadModels, openReadOnly, readModelRows } from '../support/store';

// Child processes and tens of thousands of events: allow for a loaded two-core machine.
jest.setTimeout(120_000);

interface Report {
  name: string;
  version: number;
  generation: number;
  state: string;
  checkpoint: string | null;
  lag: { events: number; seconds: number } | null;
  lastError: { position: string; message: string; feed: string; type: string } | null;
  rebuild: { done: number; total: number | null; generation: number } | null;
  skipped: { position: string; reason: string; eventId: string }[];
}

/** `count` statement events over `dyads` dyads, written straight into a log file. */
async function seedLog(dbFile: string, count: number, dyads = 20): Promise<void> {
  const db = openDatabase(dbFile);
  const store = new SqliteEventStore(db);
  try {
    const pairs = Array.from({ length: dyads }, (_, i) => [`seed-s${i}`, `seed-t${i}`] as const);
    for (let written = 0; written < count;) {
      const [source, target] = pairs[((written / 500) % dyads) | 0] ?? ['seed-s', 'seed-t'];
      const events = Array.from({ length: Math.min(500, count - written) }, (_, i) =>
        statementEvent({
          source,
          target,
          occurredAt: new Date(Date.UTC(2020, 0, 1) + (written + i) * 3_600_000).toISOString(),
          quote: `Seeded statement ${written + i}`,
          code: (written + i) % 2 ? '013' : '111',
          tone: ((written + i) % 21) - 10,
        }),
      );
      await store.append(dyadStream(source, target), events, 'any');
      written += events.length;
    }
  } finally {
    await store.close();
    db.close();
  }
}

describe('projection operations', () => {
  const dirs: string[] = [];
  const tempDb = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-projections-'));
    dirs.push(dir);
    return join(dir, 'parley.db');
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('reports each projection with its version, generation, checkpoint and lag', async () => {
    const t = await startTestApp();
    try {
      const [a, b] = await freshDyad(t.baseUrl);
      const receipt = await createRecord(t.baseUrl, recordBody({ source: a, target: b }));
      const response = await api(t.baseUrl).get<{ items: Report[] }>('/admin/projections');
      expect(response.status).toBe(200);
      const byName = Object.fromEntries(response.body.items.map((r) => [r.name, r]));
      expect(Object.keys(byName).sort()).toEqual(['actors', 'records', 'tone']);
      for (const name of ['records', 'tone']) {
        expect(byName[name]).toMatchObject({
          state: 'live',
          generation: 1,
          checkpoint: receipt.position,
          lag: { events: 0, seconds: 0 },
          lastError: null,
          rebuild: null,
        });
      }
      expect((await api(t.baseUrl).get('/admin/projections/nope')).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('rebuilds under query load without an error or a half-built answer, ending equal to a fresh replay', async () => {
    const dbFile = tempDb();
    await seedLog(dbFile, 20_000);
    // Paced (20 batches of 1,000, 25 ms apart), so queries surely meet the rebuild midway.
    const t = await startTestApp({ dbFile, env: { PARLEY_REBUILD_PAUSE_MS: '25' } });
    const client = api(t.baseUrl);
    const toneTotal = async (): Promise<number> => {
      const response = await client.get<{ series: { counts: { total: number } }[] }>(
        '/dyads/seed-s0/seed-t0/tone?from=2020-01-01&to=2023-01-01&bucket=year',
      );
      expect(response.status).toBe(200);
      return response.body.series.reduce((sum, b) => sum + b.counts.total, 0);
    };
    try {
      // The actors are not registered (the log was written straight), so the tone
      // query refuses them; the records list needs none.
      await client.post('/actors', { id: 'seed-s0', name: 'Seed source', kind: 'state' });
      await client.post('/actors', { id: 'seed-t0', name: 'Seed target', kind: 'state' });
      await t.app.get(ProjectionRunner).waitForHead(60_000);
      const expectedTone = await toneTotal();
      expect(expectedTone).toBeGreaterThan(0);
      const firstPage = (await client.get<{ items: { id: string }[] }>('/records?limit=500')).body
        .items;

      for (const name of ['records', 'tone']) {
        expect((await client.post(`/admin/projections/${name}/rebuild`)).status).toBe(202);
      }
      let answeredWhileRebuilding = 0;
      for (;;) {
        const [status, page, tone] = await Promise.all([
          client.get<{ items: Report[] }>('/admin/projections'),
          client.get<{ items: { id: string }[] }>('/records?limit=500'),
          toneTotal(),
        ]);
        expect(page.status).toBe(200);
        expect(page.body.items.map((r) => r.id)).toEqual(firstPage.map((r) => r.id));
        expect(tone).toBe(expectedTone);
        const rebuilding = status.body.items.filter((r) => r.rebuild !== null);
        if (rebuilding.length === 0) break;
        answeredWhileRebuilding += 1;
      }
      expect(answeredWhileRebuilding).toBeGreaterThan(0);
      const after = await client.get<{ items: Report[] }>('/admin/projections');
      for (const report of after.body.items.filter((r) => r.name !== 'actors')) {
        expect(report).toMatchObject({ state: 'live', generation: 2, rebuild: null });
      }
      const rebuiltRows = readModelRows(dbFile);
      await t.close();

      dropReadModels(dbFile);
      const fresh = await startTestApp({ dbFile });
      try {
        await fresh.app.get(ProjectionRunner).waitForHead(60_000);
        expect(readModelRows(dbFile)).toEqual(rebuiltRows);
      } finally {
        await fresh.close();
      }
    } finally {
      await t.close().catch(() => undefined);
    }
  });

  it('finishes a rebuild cut short by SIGKILL once the server is back, equal to a fresh replay', async () => {
    const dbFile = tempDb();
    await seedLog(dbFile, 30_000);
    // Paced, so that the kill surely lands midway; the restarted server runs at full speed.
    let server = await startParleyProcess({
      PARLEY_DB: dbFile,
      PARLEY_SAMPLE_DATA: 'off',
      PARLEY_REBUILD_PAUSE_MS: '50',
    });
    const status = (): Promise<Report> =>
      api(server.baseUrl)
        .get<Report>('/admin/projections/tone')
        .then((r) => r.body);
    await pollUntil(
      async () => ((await status()).lag?.events === 0 ? true : undefined),
      'the first catch-up',
      60_000,
    );
    expect((await api(server.baseUrl).post('/admin/projections/tone/rebuild')).status).toBe(202);
    const midway = await pollUntil(
      async () => {
        const report = await status();
        const done = report.rebuild?.done ?? 0;
        if (!report.rebuild) throw new Error('the rebuild finished before it could be cut');
        return done >= 5_000 && done < 25_000 ? report : undefined;
      },
      'the rebuild to be under way',
      30_000,
    );
    await server.kill();
    expect(midway.rebuild?.generation).toBe(2);

    server = await startParleyProcess({ PARLEY_DB: dbFile, PARLEY_SAMPLE_DATA: 'off' });
    try {
      const done = await pollUntil(
        async () => {
          const report = await status();
          return report.rebuild === null && report.state === 'live' ? report : undefined;
        },
        'the rebuild to finish after the restart',
        60_000,
      );
      expect(done.generation).toBe(2);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const rebuiltRows = readModelRows(dbFile).tone_points;
    dropReadModels(dbFile);
    const fresh = await startTestApp({ dbFile });
    try {
      await fresh.app.get(ProjectionRunner).waitForHead(60_000);
      expect(readModelRows(dbFile).tone_points).toEqual(rebuiltRows);
    } finally {
      await fresh.close();
    }
  });

  it('stops a projection at a poison event, visibly, and retries or skips it on request', async () => {
    const t: TestApp = await startTestApp();
    const client = api(t.baseUrl);
    try {
      const [a, b] = await freshDyad(t.baseUrl);
      await createRecord(
        t.baseUrl,
        recordBody({ source: a, target: b, quote: 'Before', occurredAt: '2025-01-01T00:00:00Z' }),
      );
      // A record event without its time: the records view cannot hold it.
      const poison = await t.app.get(EventStore).append(
        dyadStream(a, b),
        [
          {
            id: randomUUID(),
            type: RECORD_CREATED_TYPES.statement,
            data: { recordId: randomUUID(), kind: 'statement', source: a, target: b, quote: 'x' },
            metadata: { schemaVersion: 2 },
          },
        ],
        'any',
      );
      const failed = await pollUntil(async () => {
        const report = (await client.get<Report>('/admin/projections/records')).body;
        return report.state === 'failed' ? report : undefined;
      }, 'the records projection to stop');
      expect(failed.lastError).toMatchObject({
        position: poison.position,
        type: 'StatementRecorded',
        feed: 'live',
      });
      expect((await client.get('/health/ready')).status).toBe(503);

      const after = await createRecord(
        t.baseUrl,
        recordBody({ source: a, target: b, quote: 'After' }),
      );
      const quotes = async (): Promise<string[]> =>
        (
          await client.get<{ items: { quote: string }[] }>(`/records?source=${a}&target=${b}`)
        ).body.items.map((r) => r.quote);
      expect(await quotes()).toEqual(['Before']);

      const retried = await client.post<Report>('/admin/projections/records/retry');
      expect(retried.status).toBe(200);
      await pollUntil(
        async () =>
          (await client.get<Report>('/admin/projections/records')).body.state === 'failed'
            ? true
            : undefined,
        'the retry to fail again',
      );

      const wrongSkip = await client.post('/admin/projections/records/skip', {
        position: after.position,
        reason: 'not the one',
      });
      expect(wrongSkip.status).toBe(409);
      expect(
        (await client.post('/admin/projections/records/skip', { reason: 'no position' })).status,
      ).toBe(400);

      const skipped = await client.post<Report>('/admin/projections/records/skip', {
        position: poison.position,
        reason: 'Written by a broken importer; the record was re-entered properly.',
      });
      expect(skipped.status).toBe(200);
      const live = await pollUntil(async () => {
        const report = (await client.get<Report>('/admin/projections/records')).body;
        return report.state === 'live' && report.checkpoint === after.position ? report : undefined;
      }, 'the projection to go on past the skipped event');
      expect(live.skipped).toEqual([
        expect.objectContaining({
          position: poison.position,
          reason: 'Written by a broken importer; the record was re-entered properly.',
        }),
      ]);
      expect(await quotes()).toEqual(['Before', 'After']);
    } finally {
      await t.close();
    }
  });

  it('stops at an event it cannot read (a future schema version) and can skip it', async () => {
    const t: TestApp = await startTestApp();
    const client = api(t.baseUrl);
    try {
      const [a, b] = await freshDyad(t.baseUrl);
      const unreadable = await t.app.get(EventStore).append(
        dyadStream(a, b),
        [
          {
            id: randomUUID(),
            type: RECORD_CREATED_TYPES.statement,
            data: { recordId: randomUUID(), shapeFromTheFuture: true },
            metadata: { schemaVersion: 99 },
          },
        ],
        'any',
      );
      const failed = await pollUntil(async () => {
        const report = (await client.get<Report>('/admin/projections/tone')).body;
        return report.state === 'failed' ? report : undefined;
      }, 'the tone projection to stop');
      expect(failed.lastError).toMatchObject({
        position: unreadable.position,
        type: 'StatementRecorded',
      });
      expect(failed.lastError?.message).toMatch(/schema version 99/);
      const skipped = await client.post<Report>('/admin/projections/tone/skip', {
        position: unreadable.position,
        reason: 'Written by a newer release that was rolled back.',
      });
      expect(skipped.status).toBe(200);
      // Commands on that dyad are refused while it holds an event no one can read;
      // the projection goes on with the rest of the log.
      expect((await client.post('/records', recordBody({ source: a, target: b }))).status).toBe(
        500,
      );
      const [c, d] = await freshDyad(t.baseUrl);
      const after = await createRecord(
        t.baseUrl,
        recordBody({ source: c, target: d, occurredAt: '2025-03-01T00:00:00Z' }),
      );
      await pollUntil(async () => {
        const report = (await client.get<Report>('/admin/projections/tone')).body;
        return report.state === 'live' && report.checkpoint === after.position ? true : undefined;
      }, 'the tone projection to go on after the skipped event');
    } finally {
      await t.close();
    }
  });

  it('cancels a rebuild: the live generation stays, what was built is dropped', async () => {
    const dbFile = tempDb();
    await seedLog(dbFile, 10_000);
    const t = await startTestApp({ dbFile, env: { PARLEY_REBUILD_PAUSE_MS: '100' } });
    const client = api(t.baseUrl);
    try {
      await t.app.get(ProjectionRunner).waitForHead(60_000);
      expect((await client.post('/admin/projections/tone/rebuild')).status).toBe(202);
      await pollUntil(
        async () =>
          ((await client.get<Report>('/admin/projections/tone')).body.rebuild?.done ?? 0) > 0 ||
          undefined,
        'the rebuild to start',
      );
      const cancelled = await client.delete<Report>('/admin/projections/tone/rebuild');
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ state: 'live', generation: 1, rebuild: null });
      const db = openReadOnly(dbFile);
      try {
        const tables = db
          .prepare<[], { name: string }>(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tone_points__g%'`,
          )
          .all()
          .map((row) => row.name);
        expect(tables).toEqual(['tone_points__g1']);
      } finally {
        db.close();
      }
    } finally {
      await t.close();
    }
  });
});
