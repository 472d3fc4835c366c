import { DATABASE, type SqliteDatabase } from '../../src/database/open-database';
import { dyadStream } from '../../src/records/domain/dyad';
import { startTestApp, type TestApp } from '../support/app';
import { api, type ApiResponse } from '../support/client';
import { freshDyad, recordBody, type RecordInput } from '../support/builders';
import { openReadOnly } from '../support/store';
import type { ProblemBody, WriteReceiptBody } from '../support/responses';

type WriteAnswer = ApiResponse<WriteReceiptBody & ProblemBody>;

/** The events of one stream, read on the test's own connection. */
function streamEvents(dbFile: string, stream: string): { id: string }[] {
  const db = openReadOnly(dbFile);
  try {
    return db
      .prepare<[string], { id: string }>('SELECT id FROM events WHERE stream = ? ORDER BY revision')
      .all(stream);
  } finally {
    db.close();
  }
}

describe('a full disk', () => {
  let t: TestApp;
  let db: SqliteDatabase;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get<SqliteDatabase>(DATABASE);
  });
  afterAll(async () => {
    db.pragma('max_page_count = 1073741823');
    await t.close();
  });

  it('answers a write it has no room for 507 problem+json, keeps nothing of it, and takes it once there is room', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const stream = dyadStream(a, b);
    const client = api(t.baseUrl);
    // The file may not grow past its size now: what SQLite answers on a full disk (SQLITE_FULL).
    // The limit is the app's own connection's, the one that writes.
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    const accepted: RecordInput[] = [];
    let refused: { body: RecordInput; answer: WriteAnswer } | undefined;
    // Free room in the file's last pages takes a few records first.
    for (let i = 0; i < 200 && !refused; i++) {
      const body = recordBody({ source: a, target: b, quote: `${i} `.repeat(2_000) });
      const answer: WriteAnswer = await client.post('/records', body);
      if (answer.status === 201) accepted.push(body);
      else refused = { body, answer };
    }

    expect(refused?.answer.status).toBe(507);
    expect(refused?.answer.contentType).toMatch(/^application\/problem\+json/);
    expect(refused?.answer.body).toMatchObject({
      type: '/problems/insufficient-storage',
      status: 507,
    });
    expect(refused?.answer.body.detail).toMatch(/disk is full/);
    // Every acknowledged write is there; the refused one left nothing, in the log or the views.
    expect(streamEvents(t.dbFile, stream).map((e) => e.id)).toEqual(accepted.map((r) => r.id));
    expect((await client.get(`/records/${String(refused?.body.id)}`)).status).toBe(404);

    // Space returns: the same write, sent again, is taken.
    db.pragma('max_page_count = 1073741823');
    const again: WriteAnswer = await client.post('/records', refused?.body);
    expect(again.status).toBe(201);
    expect((await client.get(`/records/${String(refused?.body.id)}`)).status).toBe(200);
  });
});
