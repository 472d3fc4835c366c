import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startParleyProcess } from '../support/parley-process';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { dyadStream } from '../../src/records/domain/dyad';
import { statementEvent } from '../support/events';
import {
  startEventStoreDbTestServer,
  type EventStoreDbTestServer,
} from '../support/eventstoredb/test-server';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { pollUntil } from '../support/waiting';
import { dumpTable, openReadOnly, READ_MODEL_TABLES } from '../support/store';

// Child processes and tens of thousands of events: allow for a loaded two-core machine.
jest.setTimeout(120_000);

interface ToneSeries {
  series: unknown[];
}

/** What an analyst reads of the sample: tone views and the records, without recording times. */
async function analystView(baseUrl: string): Promise<unknown> {
  const client = api(baseUrl);
  const tone = async (path: string): Promise<unknown[]> => {
    const response = await client.get<ToneSeries>(path);
    expect(response.status).toBe(200);
    return response.body.series;
  };
  const records = await client.get<{ items: Record<string, unknown>[] }>('/records?limit=500');
  return {
    trumpPutinMonthly: await tone(
      '/dyads/donald-trump/vladimir-putin/tone?from=2025-01-01&to=2026-01-01&bucket=month&tz=Europe/Moscow',
    ),
    pairQuarterly: await tone(
      '/dyads/donald-trump/vladimir-putin/tone?mode=pair&from=2015-01-01&to=2026-01-01&bucket=quarter',
    ),
    usaRusYearly: await tone(
      '/dyads/usa/rus/tone?mode=rollup&from=2015-01-01&to=2026-01-01&bucket=year',
    ),
    records: records.body.items.map(
      ({ recordedAt: _r, updatedAt: _u, position: _p, ...rest }) => rest,
    ),
  };
}

describe('parley on EventStoreDB (the gRPC test server)', () => {
  let server: EventStoreDbTestServer;
  const dirs: string[] = [];
  const tempDb = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-esdb-'));
    dirs.push(dir);
    return join(dir, 'parley.db');
  };

  beforeAll(async () => {
    server = await startEventStoreDbTestServer();
  });
  afterAll(async () => {
    await server.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the sample exactly as the SQLite default does, started as `npm start` starts it', async () => {
    const onSqlite = await startParleyProcess({ PARLEY_DB: tempDb() });
    const onEventStoreDb = await startParleyProcess({
      PARLEY_DB: tempDb(),
      PARLEY_EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: server.connectionString,
    });
    try {
      const expected = await analystView(onSqlite.baseUrl);
      expect((expected as { records: unknown[] }).records).toHaveLength(33);
      expect(await analystView(onEventStoreDb.baseUrl)).toEqual(expected);
    } finally {
      await onSqlite.stop();
      await onEventStoreDb.stop();
    }
  });

  it('ends a catch-up cut by dropped connections with the same read models as an uninterrupted one', async () => {
    server.reset();
    const store = EventStoreDbEventStore.fromConnectionString(server.connectionString);
    const dyads = Array.from({ length: 10 }, () => [
      `s-${randomUUID().slice(0, 8)}`,
      `t-${randomUUID().slice(0, 8)}`,
    ]);
    try {
      for (let batch = 0; batch < 30; batch++) {
        for (const [source = '', target = ''] of dyads) {
          const events = Array.from({ length: 10 }, (_, i) =>
            statementEvent({
              source,
              target,
              occurredAt: new Date(Date.UTC(2025, 0, 1 + batch, i)).toISOString(),
              quote: `Statement ${batch}.${i}`,
              tone: (i % 21) - 10,
            }),
          );
          await store.append(dyadStream(source, target), events, 'any');
        }
      }
    } finally {
      await store.close();
    }
    const total = 30 * 10 * 10;

    // The projections catch up each at its own pace: the slower one's count is the catch-up's.
    const recordCount = (t: TestApp): number => {
      const db = openReadOnly(t.dbFile);
      try {
        const count = (table: string): number =>
          db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n ?? 0;
        return Math.min(count('tone_points'), count('record_versions'));
      } finally {
        db.close();
      }
    };
    const caughtUp = (t: TestApp): Promise<true> =>
      pollUntil(
        () => (recordCount(t) === total ? true : undefined),
        'the catch-up to finish',
        60_000,
      );
    const tables = (t: TestApp): Record<string, unknown[]> => {
      const db = openReadOnly(t.dbFile);
      try {
        return Object.fromEntries(READ_MODEL_TABLES.map((table) => [table, dumpTable(db, table)]));
      } finally {
        db.close();
      }
    };

    const uninterrupted = await startTestApp({
      eventStoreDb: server.connectionString,
      dbFile: tempDb(),
    });
    await caughtUp(uninterrupted);
    const expected = tables(uninterrupted);
    await uninterrupted.close();

    // 50 events every 20 ms: the catch-up of 3,000 takes over a second, time to cut it thrice.
    server.pace({ every: 50, delayMs: 20 });
    const interrupted = await startTestApp({
      eventStoreDb: server.connectionString,
      dbFile: tempDb(),
    });
    try {
      // The catch-up reads the log in pages and commits a page at once, so its progress
      // does not show in the tables: cut it three times while it is still running.
      let drops = 0;
      for (const afterMs of [300, 300, 300]) {
        await sleep(afterMs);
        if (recordCount(interrupted) < total) {
          await server.dropConnections();
          drops += 1;
        }
      }
      expect(drops).toBeGreaterThan(0);
      await caughtUp(interrupted);
      expect(tables(interrupted)).toEqual(expected);
    } finally {
      server.pace(undefined);
      await interrupted.close();
    }
  });
});
