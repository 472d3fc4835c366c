import { request as httpRequest } from 'node:http';
import { authHeaders } from '../support/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { freshDyad, recordBody } from '../support/builders';
import { openReadOnly } from '../support/store';
import { pollUntil } from '../support/waiting';

// Tens of thousands of records, a chunk at a time, on a loaded two-core machine.
jest.setTimeout(180_000);

/** The import decides 10,000 lines at a time (record-importer.ts): eight chunks. */
const LINES = 80_000;

/** Events in the file, read on a connection of the test's own. */
function eventCount(dbFile: string): number {
  const db = openReadOnly(dbFile);
  try {
    return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n ?? 0;
  } finally {
    db.close();
  }
}

/**
 * Polls until the count has not moved for `quietMs`: the import has stopped (or was never
 * going to stop, and the bound fails the test).
 */
async function settledCount(dbFile: string, quietMs: number): Promise<number> {
  let last = eventCount(dbFile);
  let since = Date.now();
  return pollUntil(
    () => {
      const now = eventCount(dbFile);
      if (now !== last) {
        last = now;
        since = Date.now();
        return undefined;
      }
      return Date.now() - since >= quietMs ? now : undefined;
    },
    'the log to stop growing',
    150_000,
  );
}

describe('an import whose client goes away', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stops taking lines; the chunks committed before stay, whole', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const before = eventCount(t.dbFile);
    const ndjson = Array.from(
      { length: LINES },
      (_, i) => `${JSON.stringify(recordBody({ source: a, target: b, quote: `Line ${i}` }))}\n`,
    ).join('');
    const upload = httpRequest(`${t.baseUrl}/records/import`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/x-ndjson' },
    });
    upload.on('error', () => undefined);
    upload.end(ndjson);
    // The first chunk is in the log: the import is under way. The client goes away.
    await pollUntil(
      () => (eventCount(t.dbFile) > before ? true : undefined),
      'the import to commit its first chunk',
      60_000,
    );
    upload.destroy();

    const taken = (await settledCount(t.dbFile, 5_000)) - before;
    expect(taken).toBeGreaterThan(0);
    // The chunk under way when the client left may finish; nothing after it is taken.
    expect(taken).toBeLessThanOrEqual(30_000);
    // Whole chunks: each committed chunk is every one of its 10,000 lines.
    expect(taken % 10_000).toBe(0);
    // The service goes on answering.
    expect((await api(t.baseUrl).get('/health/ready')).status).toBe(200);
  });
});
