import { randomUUID } from 'node:crypto';
import type { TestApp } from '../support/app';
import { api } from '../support/client';
import { actorId, recordBody, registerActors, freshDyad } from '../support/builders';
import { listAll } from '../support/reads';
import { countEvents, snapshotStore } from '../support/store';
import type { ProblemBody, WriteReceiptBody } from '../support/responses';
import { backends } from '../support/backends';

describe.each(backends())('concurrent writers and retries ($name)', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    await backend.setUp();
    t = await backend.start();
  });
  afterAll(async () => {
    await t.close();
    await backend.tearDown();
  });

  const dyad = (): Promise<[string, string]> => freshDyad(t.baseUrl);

  it('loses no record when many writers post to one dyad at once without If-Match', async () => {
    const [a, b] = await dyad();
    const bodies = Array.from({ length: 25 }, (_, i) =>
      recordBody({ source: a, target: b, quote: `Writer ${i}` }),
    );
    const client = api(t.baseUrl);
    const responses = await Promise.all(
      bodies.map((body) => client.post<WriteReceiptBody>('/records', body)),
    );
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 201));
    // Each got its own revision of the one stream.
    expect(new Set(responses.map((r) => r.body.revision)).size).toBe(bodies.length);
    const listed = await listAll(t.baseUrl, { source: a, target: b, limit: 500 });
    expect(listed.map((r) => r.id).sort()).toEqual(bodies.map((body) => String(body.id)).sort());
    expect(await countEvents(t, `dyad-${a}~${b}`)).toBe(bodies.length);
  });

  it('lets one of two writers with the same If-Match win; the other gets 409, retries with the new revision and wins', async () => {
    const [a, b] = await dyad();
    const client = api(t.baseUrl);
    const first = recordBody({ source: a, target: b, quote: 'first' });
    const second = recordBody({ source: a, target: b, quote: 'second' });
    // "-1": the writers saw no record yet in this dyad.
    const [one, two] = await Promise.all([
      client.post<WriteReceiptBody & ProblemBody>('/records', first, {
        headers: { 'if-match': '"-1"' },
      }),
      client.post<WriteReceiptBody & ProblemBody>('/records', second, {
        headers: { 'if-match': '"-1"' },
      }),
    ]);
    expect([one?.status, two?.status].sort()).toEqual([201, 409]);
    const [winner, loser, loserBody] = one?.status === 201 ? [one, two, second] : [two, one, first];
    if (!winner || !loser) throw new Error('Both responses are expected');
    expect(winner.body.revision).toBe(0);
    expect(winner.headers.get('etag')).toBe('"0"');
    expect(loser.contentType).toMatch(/^application\/problem\+json/);
    expect(loser.body).toMatchObject({
      status: 409,
      type: expect.any(String) as string,
      title: expect.any(String) as string,
      actualRevision: 0,
    });
    expect(typeof loser.body.detail).toBe('string');

    const retry = await client.post<WriteReceiptBody>('/records', loserBody, {
      headers: { 'if-match': `"${String(loser.body.actualRevision)}"` },
    });
    expect(retry.status).toBe(201);
    expect(retry.body.revision).toBe(1);
    const listed = await listAll(t.baseUrl, { source: a, target: b });
    expect(listed.map((r) => r.quote).sort()).toEqual(['first', 'second']);
  });

  it('takes an If-Match that matches the stream, and refuses a stale one with the actual revision', async () => {
    const [a, b] = await dyad();
    const client = api(t.baseUrl);
    const created = await client.post<WriteReceiptBody>(
      '/records',
      recordBody({ source: a, target: b }),
      { headers: { 'if-match': '"-1"' } },
    );
    expect(created.status).toBe(201);
    const etag = created.headers.get('etag') ?? '';
    const correction = await client.post<WriteReceiptBody>(
      `/records/${created.body.id}/corrections`,
      { changes: { tone: 3 }, reason: 'coded the tone' },
      { headers: { 'if-match': etag } },
    );
    expect(correction.status).toBe(201);
    expect(correction.headers.get('etag')).toBe('"1"');

    const before = await snapshotStore(t);
    const stale = await client.post<ProblemBody>('/records', recordBody({ source: a, target: b }), {
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.actualRevision).toBe(1);
    const staleCorrection = await client.post<ProblemBody>(
      `/records/${created.body.id}/corrections`,
      { changes: { tone: 4 }, reason: 'again' },
      { headers: { 'if-match': etag } },
    );
    expect(staleCorrection.status).toBe(409);
    expect(staleCorrection.body.actualRevision).toBe(1);
    expect(await snapshotStore(t)).toEqual(before);
  });

  it('does not duplicate a retried POST with the same id: 200 and the same receipt', async () => {
    const [a, b] = await dyad();
    const client = api(t.baseUrl);
    const body = recordBody({ source: a, target: b, kind: 'threat' });
    const first = await client.post<WriteReceiptBody>('/records', body);
    expect(first.status).toBe(201);
    const retried = await client.post<WriteReceiptBody>('/records', body);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect(retried.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(retried.headers.get('location')).toBe(first.headers.get('location'));
    // Retried concurrently too.
    const concurrent = await Promise.all([
      client.post<WriteReceiptBody>('/records', body),
      client.post<WriteReceiptBody>('/records', body),
    ]);
    expect(concurrent.map((r) => [r.status, r.body])).toEqual([
      [200, first.body],
      [200, first.body],
    ]);
    expect((await listAll(t.baseUrl, { source: a })).map((r) => r.id)).toEqual([body.id]);
    expect(await countEvents(t, `dyad-${a}~${b}`)).toBe(1);
  });

  it('refuses the same id with another body with 422 naming id, and leaves the store unchanged', async () => {
    const [a, b] = await dyad();
    const c = actorId();
    await registerActors(t.baseUrl, c);
    const client = api(t.baseUrl);
    const id = randomUUID();
    expect(
      (await client.post('/records', recordBody({ id, source: a, target: b, quote: 'original' })))
        .status,
    ).toBe(201);
    const before = await snapshotStore(t);

    for (const other of [
      recordBody({ id, source: a, target: b, quote: 'changed' }),
      recordBody({ id, source: a, target: c, quote: 'original' }),
    ]) {
      const response = await client.post<ProblemBody>('/records', other);
      expect(response.status).toBe(422);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body.errors?.map((e) => e.field)).toEqual(['id']);
    }
    expect(await snapshotStore(t)).toEqual(before);
  });
});
