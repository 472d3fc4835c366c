import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dyadStream } from '../../src/records/domain/dyad';
import { backends } from '../support/backends';
import { startParleyProcess, type ParleyProcess } from '../support/parley-process';
import { openReadOnly } from '../support/store';
import { pollUntil } from '../support/waiting';
import type { TestApp } from '../support/app';
import { api, type Api, type ApiResponse } from '../support/client';
import { createRecord, freshDyad, recordBody, type RecordInput } from '../support/builders';
import { listAll } from '../support/reads';
import { countEvents } from '../support/store';
import type { ProblemBody, RecordBody, WriteReceiptBody } from '../support/responses';

// Hundreds of requests at once on both backends: allow for a loaded two-core machine.
jest.setTimeout(120_000);

/** A write's answer: a receipt, or a problem. */
type WriteBody = WriteReceiptBody & ProblemBody;
type WriteAnswer = ApiResponse<WriteBody>;

/** The dyad stream's revision as a client reads it before a conditional write: -1 for none yet. */
async function streamRevision(client: Api, stream: string): Promise<number> {
  const response = await client.get<{ items: { revision: number }[] }>(
    `/streams/${encodeURIComponent(stream)}/events?direction=backwards&limit=1`,
  );
  if (response.status === 404) return -1;
  if (response.status !== 200)
    throw new Error(`GET ${stream} events answered ${response.status}: ${response.text}`);
  return response.body.items[0]?.revision ?? -1;
}

function postIfMatch(client: Api, body: RecordInput, revision: number): Promise<WriteAnswer> {
  return client.post<WriteBody>('/records', body, { headers: { 'if-match': `"${revision}"` } });
}

/** The ids a list of bodies or records holds, sorted, to compare as sets that keep duplicates. */
function ids(items: readonly (RecordInput | RecordBody)[]): string[] {
  return items.map((item) => String(item.id)).sort();
}

/** 0, 1, …, n - 1. */
function revisions(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe.each(backends())('many concurrent writers ($name)', (backend) => {
  let t: TestApp;
  let client: Api;

  beforeAll(async () => {
    await backend.setUp();
    t = await backend.start();
    client = api(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
    await backend.tearDown();
  });

  it('records each of 50 writers on one dyad without If-Match once, each at its own revision', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const bodies = Array.from({ length: 50 }, (_, i) =>
      recordBody({ source: a, target: b, quote: `Writer ${i}`, tone: (i % 21) - 10 }),
    );
    const answers: WriteAnswer[] = await Promise.all(
      bodies.map((body) => client.post<WriteBody>('/records', body)),
    );

    expect(answers.map((r) => r.status)).toEqual(bodies.map(() => 201));
    expect(answers.map((r) => r.body.revision).sort((x, y) => x - y)).toEqual(revisions(50));
    expect(ids(await listAll(t.baseUrl, { source: a, target: b, limit: 500 }))).toEqual(
      ids(bodies),
    );
    expect(await countEvents(t, dyadStream(a, b))).toBe(50);
  });

  it('records every write when 72 writers post to 12 dyads at once without If-Match, corrections among them', async () => {
    const dyads = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const [a, b] = await freshDyad(t.baseUrl);
        const first = await createRecord(t.baseUrl, recordBody({ source: a, target: b }));
        return { a, b, first: first.id };
      }),
    );
    // In each dyad four new records and two corrections of the first one, all at once.
    const work = dyads.flatMap(({ a, b, first }) => [
      ...Array.from({ length: 4 }, (_, i) => ({
        dyad: `${a}~${b}`,
        path: '/records',
        body: recordBody({ source: a, target: b, quote: `New ${i}` }),
      })),
      ...Array.from({ length: 2 }, (_, i) => ({
        dyad: `${a}~${b}`,
        path: `/records/${first}/corrections`,
        body: { changes: { note: `Correction ${i}` }, reason: `Correction ${i}` },
      })),
    ]);
    const answers: WriteAnswer[] = await Promise.all(
      work.map(({ path, body }) => client.post<WriteBody>(path, body)),
    );

    expect(answers.map((r, i) => [work[i]?.dyad, r.status])).toEqual(
      work.map(({ dyad }) => [dyad, 201]),
    );
    for (const { a, b, first } of dyads) {
      const stream = dyadStream(a, b);
      const written = answers.filter((r) => r.body.stream === stream);
      // Revision 0 is the first record; the six writes took 1 to 6, one each.
      expect(written.map((r) => r.body.revision).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
      const listed = await listAll(t.baseUrl, { source: a, target: b });
      expect(ids(listed)).toEqual(
        ids([
          { id: first },
          ...work.filter((w) => w.dyad === `${a}~${b}` && w.path === '/records').map((w) => w.body),
        ]),
      );
      const corrected = await client.get<RecordBody>(`/records/${first}`);
      expect(corrected.body.version).toBe(3);
      expect(
        corrected.body.history
          ?.map((h) => h.reason)
          .slice(1)
          .sort(),
      ).toEqual(['Correction 0', 'Correction 1']);
      expect(await countEvents(t, stream)).toBe(7);
    }
  });

  it('lets exactly one of 40 writers with the same If-Match win each revision; every loser gets 409 with the actual revision, and retrying losers all get in', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const stream = dyadStream(a, b);
    await createRecord(t.baseUrl, recordBody({ source: a, target: b, quote: 'Already there' }));
    let waiting = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => ({
        body: recordBody({ source: a, target: b, quote: `Writer ${i}` }),
        seen: await streamRevision(client, stream),
      })),
    );
    expect(waiting.map((w) => w.seen)).toEqual(waiting.map(() => 0));

    const winners: RecordInput[] = [];
    // Each round, everyone still waiting saw the same revision: the last round's winner's.
    for (let seen = 0; waiting.length > 0; seen++) {
      const answers = await Promise.all(waiting.map((w) => postIfMatch(client, w.body, w.seen)));
      const outcomes = waiting.map((writer, i) => ({ writer, answer: answers[i] as WriteAnswer }));
      const won = outcomes.filter((o) => o.answer.status === 201);
      expect({ seen, winners: won.length }).toEqual({ seen, winners: 1 });
      expect(won[0]?.answer.body.revision).toBe(seen + 1);
      expect(won[0]?.answer.headers.get('etag')).toBe(`"${seen + 1}"`);
      const lost = outcomes.filter((o) => o.answer.status !== 201);
      for (const { answer } of lost) {
        expect(answer.status).toBe(409);
        expect(answer.contentType).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject({ status: 409, actualRevision: seen + 1 });
      }
      winners.push(...won.map((o) => o.writer.body));
      // A loser tries again with the revision its 409 named.
      waiting = lost.map(({ writer, answer }) => ({
        ...writer,
        seen: answer.body.actualRevision ?? -2,
      }));
    }

    expect(winners).toHaveLength(40);
    const listed = await listAll(t.baseUrl, { source: a, target: b, limit: 500 });
    expect(listed).toHaveLength(41);
    expect(ids(listed.filter((r) => r.quote !== 'Already there'))).toEqual(ids(winners));
    expect(await countEvents(t, stream)).toBe(41);
  });

  it('gives each revision of 8 dyads to one of 6 writers with If-Match, each re-reading the revision after a 409 until it gets in', async () => {
    const dyads = await Promise.all(Array.from({ length: 8 }, () => freshDyad(t.baseUrl)));
    const writers = dyads.flatMap(([a, b]) =>
      Array.from({ length: 6 }, (_, i) => ({
        stream: dyadStream(a, b),
        body: recordBody({ source: a, target: b, quote: `Writer ${i}` }),
      })),
    );
    const conflicts: string[] = [];
    const receipts = await Promise.all(
      writers.map(async ({ stream, body }) => {
        for (let attempt = 1; attempt <= 100; attempt++) {
          const seen = await streamRevision(client, stream);
          const answer = await postIfMatch(client, body, seen);
          if (answer.status === 201) {
            expect(answer.body.revision).toBe(seen + 1);
            return answer.body;
          }
          // The stream moved on between the read and the write: a later revision.
          if (
            answer.status !== 409 ||
            !answer.contentType.startsWith('application/problem+json') ||
            typeof answer.body.actualRevision !== 'number' ||
            answer.body.actualRevision <= seen
          )
            conflicts.push(`${stream} at ${seen}: ${answer.status} ${answer.text}`);
        }
        throw new Error(`A writer on ${stream} did not get in after 100 attempts`);
      }),
    );

    expect(conflicts).toEqual([]);
    for (const [a, b] of dyads) {
      const stream = dyadStream(a, b);
      const mine = receipts.filter((r) => r.stream === stream);
      expect(mine.map((r) => r.revision).sort((x, y) => x - y)).toEqual(revisions(6));
      expect(ids(await listAll(t.baseUrl, { source: a, target: b }))).toEqual(
        ids(writers.filter((w) => w.stream === stream).map((w) => w.body)),
      );
      expect(await countEvents(t, stream)).toBe(6);
    }
  });

  it('records a record once when 20 clients send the same id and body at once among 20 other writers', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const stream = dyadStream(a, b);
    const shared = recordBody({ source: a, target: b, kind: 'threat', quote: 'Sent twenty times' });
    const others = Array.from({ length: 20 }, (_, i) =>
      recordBody({ source: a, target: b, quote: `Other ${i}` }),
    );
    // Interleaved, so that the copies race the other writers for the same revisions.
    const sends = others.flatMap((other) => [shared, other]);
    const answers: WriteAnswer[] = await Promise.all(
      sends.map((body) => client.post<WriteBody>('/records', body)),
    );
    const copies = answers.filter((_, i) => sends[i] === shared);
    const rest = answers.filter((_, i) => sends[i] !== shared);

    expect(rest.map((r) => r.status)).toEqual(others.map(() => 201));
    // One created it; every other copy is answered as a retry of it, with its receipt.
    expect(copies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(copies.filter((r) => r.status === 200)).toHaveLength(19);
    const receipt = copies.find((r) => r.status === 201)?.body;
    for (const copy of copies) expect(copy.body).toEqual(receipt);
    expect(receipt?.id).toBe(shared.id);

    const listed = await listAll(t.baseUrl, { source: a, target: b });
    expect(ids(listed)).toEqual(ids([shared, ...others]));
    expect(await countEvents(t, stream)).toBe(21);
    expect((await client.get<RecordBody>(`/records/${String(shared.id)}`)).body).toMatchObject({
      quote: 'Sent twenty times',
      version: 1,
      position: receipt?.position,
    });
  });
});

/** The events the file holds for one record (its creation's event id is the record's id). */
function storedEventsOf(dbFile: string, recordId: string): number {
  const db = openReadOnly(dbFile);
  try {
    return (
      db
        .prepare<[string], { n: number }>('SELECT count(*) AS n FROM events WHERE id = ?')
        .get(recordId)?.n ?? 0
    );
  } finally {
    db.close();
  }
}

describe('two parley processes on one SQLite file', () => {
  let dir: string;
  let dbFile: string;
  let holder: ParleyProcess;
  let standby: ParleyProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-two-'));
    dbFile = join(dir, 'parley.db');
    const env = { PARLEY_DB: dbFile, PARLEY_SAMPLE_DATA: 'off', PARLEY_RATE_LIMIT: '0' };
    // The first to start takes the file's lease and applies the projections; the second stands by.
    holder = await startParleyProcess(env);
    standby = await startParleyProcess(env);
  });
  afterAll(async () => {
    holder?.signal('SIGCONT');
    await Promise.all([holder?.stop(), standby?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a standby's stored write 201, not 500, while the lease holder is frozen past the read-your-writes wait", async () => {
    const [a, b] = await freshDyad(holder.baseUrl);
    const body = recordBody({ source: a, target: b, quote: 'Written while the holder sleeps' });
    let answer: WriteAnswer;
    // Frozen (as a stalled VM or a debugger would): it applies nothing until SIGCONT,
    // longer than the standby waits for the read models (10 s), shorter than the lease lasts.
    holder.signal('SIGSTOP');
    try {
      answer = await api(standby.baseUrl).post<WriteBody>('/records', body);
    } finally {
      holder.signal('SIGCONT');
    }

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ id: body.id, stream: dyadStream(a, b) });
    expect(storedEventsOf(dbFile, String(body.id))).toBe(1);
    // Once the holder runs again its read models show the record, through either process.
    for (const process of [holder, standby])
      await pollUntil(
        async () =>
          (await api(process.baseUrl).get(`/records/${String(body.id)}`)).status === 200 ||
          undefined,
        'the record in the read models',
        15_000,
      );
    // A retry of it is answered as one: 200, the same receipt.
    const retry = await api(standby.baseUrl).post<WriteBody>('/records', body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(answer.body);
  });

  it('gives one 201 and one 200 when the same record is sent to both processes at once', async () => {
    const [a, b] = await freshDyad(holder.baseUrl);
    // Several records, each sent to both at once, so that the two appends race for one revision.
    const bodies = Array.from({ length: 12 }, (_, i) =>
      recordBody({ source: a, target: b, quote: `Sent to both ${i}` }),
    );
    const pairs = await Promise.all(
      bodies.map((body) =>
        Promise.all(
          [holder, standby].map((process) =>
            api(process.baseUrl).post<WriteBody>('/records', body),
          ),
        ),
      ),
    );

    for (const [i, pair] of pairs.entries()) {
      expect({ i, statuses: pair.map((r) => r.status).sort() }).toEqual({
        i,
        statuses: [200, 201],
      });
      expect(pair[0]?.body).toEqual(pair[1]?.body);
      expect(storedEventsOf(dbFile, String(bodies[i]?.id))).toBe(1);
    }
    const listed = await listAll(holder.baseUrl, { source: a, target: b });
    expect(ids(listed)).toEqual(ids(bodies));
  });

  it('records one of two bodies sent with the same id to both processes at once, and refuses the other 422', async () => {
    const [a, b] = await freshDyad(holder.baseUrl);
    const bodies = Array.from({ length: 8 }, (_, i) =>
      recordBody({ source: a, target: b, quote: `First body ${i}` }),
    );
    const pairs = await Promise.all(
      bodies.map((body) =>
        Promise.all([
          api(holder.baseUrl).post<WriteBody>('/records', body),
          api(standby.baseUrl).post<WriteBody>('/records', { ...body, quote: 'Another body' }),
        ]),
      ),
    );

    for (const [i, pair] of pairs.entries()) {
      expect({ i, statuses: pair.map((r) => r.status).sort() }).toEqual({
        i,
        statuses: [201, 422],
      });
      expect(storedEventsOf(dbFile, String(bodies[i]?.id))).toBe(1);
    }
  });
});
