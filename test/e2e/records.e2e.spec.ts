import { startTestApp, type TestApp } from '../support/app';
import { api, query } from '../support/client';
import { actorId, createRecord, recordBody, registerActors, freshDyad } from '../support/builders';
import { getTone, listAll, totalCount } from '../support/reads';
import type {
  ProblemBody,
  RecordBody,
  RecordPageBody,
  WriteReceiptBody,
} from '../support/responses';

describe('records', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const dyad = (): Promise<[string, string]> => freshDyad(t.baseUrl);

  it('answers a write with its receipt, Location and ETag, and a read right after sees it', async () => {
    const [a, b] = await dyad();
    const body = recordBody({
      source: a,
      target: b,
      kind: 'threat',
      occurredAt: '2025-03-30T14:00:00-04:00',
      precision: 'day',
      quote: 'If Russia does not make a deal, secondary tariffs of 50%.',
      citation: {
        outlet: 'NBC News',
        title: 'Interview',
        url: 'https://example.org/nbc',
        publishedAt: '2025-03-30T18:00:00Z',
      },
      topics: ['ukraine', 'tariffs'],
      code: '1312',
      tone: -6,
      confidence: 0.9,
      threat: { instrument: 'tariff', magnitude: '50%', condition: 'no ceasefire', deadline: null },
    });
    const client = api(t.baseUrl);
    const response = await client.post<WriteReceiptBody>('/records', body);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: body.id,
      stream: `dyad-${a}~${b}`,
      revision: 0,
      position: expect.any(String) as string,
    });
    expect(response.headers.get('location')).toBe(`/records/${String(body.id)}`);
    expect(response.headers.get('etag')).toBe('"0"');

    const read = await client.get<RecordBody>(`/records/${String(body.id)}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: body.id,
      kind: 'threat',
      source: a,
      target: b,
      occurredAt: '2025-03-30T14:00:00-04:00',
      precision: 'day',
      quote: body.quote,
      citation: body.citation,
      topics: ['ukraine', 'tariffs'],
      code: '1312',
      tone: -6,
      confidence: 0.9,
      threat: { instrument: 'tariff', magnitude: '50%', condition: 'no ceasefire' },
      status: 'active',
      version: 1,
      intensity: -5.8,
      threatStatus: 'open',
      stream: `dyad-${a}~${b}`,
    });
    expect(read.body.history).toEqual([
      expect.objectContaining({ version: 1, type: 'ThreatIssued', revision: 0 }),
    ]);

    const second = await client.post<WriteReceiptBody>(
      '/records',
      recordBody({ source: a, target: b, occurredAt: '2025-03-31T09:00:00-04:00' }),
    );
    expect(second.status).toBe(201);
    expect(second.body.revision).toBe(1);
    expect(second.headers.get('etag')).toBe('"1"');
    expect(second.body.position > response.body.position).toBe(true);
    expect((await listAll(t.baseUrl, { source: a, target: b })).map((r) => r.id)).toEqual([
      body.id,
      second.body.id,
    ]);
  });

  it('assigns an id when none is given', async () => {
    const [a, b] = await dyad();
    const response = await api(t.baseUrl).post<WriteReceiptBody>(
      '/records',
      recordBody({ source: a, target: b, id: undefined }),
    );
    expect(response.status).toBe(201);
    expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('location')).toBe(`/records/${response.body.id}`);
    expect((await api(t.baseUrl).get(`/records/${response.body.id}`)).status).toBe(200);
  });

  it('filters the list by kind, topic and occurrence range', async () => {
    const [a, b] = await dyad();
    const jan = await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, occurredAt: '2025-01-15T00:00:00Z', topics: ['oil'] }),
    );
    const feb = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'threat',
        occurredAt: '2025-02-15T00:00:00Z',
        topics: ['oil', 'tariffs'],
      }),
    );
    const mar = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'denial',
        occurredAt: '2025-03-15T00:00:00Z',
        topics: ['gas'],
      }),
    );
    const ids = async (params: Record<string, string>): Promise<string[]> =>
      (await listAll(t.baseUrl, { source: a, ...params })).map((r) => r.id);
    expect(await ids({})).toEqual([jan.id, feb.id, mar.id]);
    expect(await ids({ kind: 'threat' })).toEqual([feb.id]);
    expect(await ids({ topic: 'oil' })).toEqual([jan.id, feb.id]);
    expect(await ids({ from: '2025-02-01', to: '2025-03-15T00:00:00Z' })).toEqual([feb.id]);
    expect(await ids({ order: 'desc' })).toEqual([mar.id, feb.id, jan.id]);
    expect(await ids({ target: a })).toEqual([]);
  });

  it('drops a retracted record from the tone view and the list, but still shows it by id', async () => {
    const [a, b] = await dyad();
    const kept = await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, occurredAt: '2025-05-10T12:00:00Z', tone: 2 }),
    );
    const retracted = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'threat',
        occurredAt: '2025-05-11T12:00:00Z',
        tone: -8,
      }),
    );
    const range = { from: '2025-05-01', to: '2025-06-01' };
    expect((await getTone(t.baseUrl, a, b, range)).series[0]?.counts.total).toBe(2);

    const client = api(t.baseUrl);
    const response = await client.post<WriteReceiptBody>(`/records/${retracted.id}/retraction`, {
      reason: 'The interview was misquoted',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: retracted.id,
      stream: retracted.stream,
      revision: 2,
    });

    const view = await getTone(t.baseUrl, a, b, range);
    expect(view.series[0]?.counts).toEqual({
      statement: 1,
      threat: 0,
      denial: 0,
      action: 0,
      total: 1,
    });
    expect(view.series[0]?.tone).toMatchObject({ mean: 2, n: 1 });
    expect((await listAll(t.baseUrl, { source: a })).map((r) => r.id)).toEqual([kept.id]);

    const byId = await client.get<RecordBody>(`/records/${retracted.id}`);
    expect(byId.status).toBe(200);
    expect(byId.body.status).toBe('retracted');
    expect(byId.body.history?.map((h) => [h.type, h.reason])).toEqual([
      ['ThreatIssued', undefined],
      ['RecordRetracted', 'The interview was misquoted'],
    ]);
    const withRetracted = await listAll(t.baseUrl, { source: a, includeRetracted: true });
    expect(withRetracted.map((r) => [r.id, r.status])).toEqual([
      [kept.id, 'active'],
      [retracted.id, 'retracted'],
    ]);

    // Retracting again changes nothing; correcting a retracted record is refused.
    const again = await client.post<WriteReceiptBody>(`/records/${retracted.id}/retraction`, {
      reason: 'again',
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(response.body);
    const correction = await client.post<ProblemBody>(`/records/${retracted.id}/corrections`, {
      changes: { tone: 1 },
      reason: 'late',
    });
    expect(correction.status).toBe(422);
    expect(correction.contentType).toMatch(/^application\/problem\+json/);
  });

  it('corrects a record: the new fields count, with the reason in its history', async () => {
    const [a, b] = await dyad();
    const record = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        occurredAt: '2025-07-01T12:00:00Z',
        code: '013',
        tone: 3,
      }),
    );
    const client = api(t.baseUrl);
    const response = await client.post<WriteReceiptBody>(`/records/${record.id}/corrections`, {
      changes: { tone: -3, code: '112', citation: { url: 'https://example.org/fixed' } },
      reason: 'Misread the transcript',
    });
    expect(response.status).toBe(201);
    expect(response.body.revision).toBe(1);
    const read = await client.get<RecordBody>(`/records/${record.id}`);
    expect(read.body).toMatchObject({
      tone: -3,
      code: '112',
      intensity: -2,
      version: 2,
      citation: { outlet: 'Test Wire', title: 'A test report', url: 'https://example.org/fixed' },
    });
    expect(read.body.history?.[1]).toMatchObject({
      type: 'RecordCorrected',
      reason: 'Misread the transcript',
      changes: { tone: -3, code: '112' },
    });
    const view = await getTone(t.baseUrl, a, b, { from: '2025-07-01', to: '2025-08-01' });
    expect(view.series[0]?.intensity).toMatchObject({ mean: -2, n: 1 });
    expect(view.series[0]?.tone).toMatchObject({ mean: -3, n: 1 });

    // A correction that changes nothing answers 200 with the last receipt.
    const same = await client.post<WriteReceiptBody>(`/records/${record.id}/corrections`, {
      changes: { tone: -3 },
      reason: 'again',
    });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(response.body);
  });

  it('pages through every record exactly once, in order, with cursors', async () => {
    const [a, b] = await dyad();
    const c = actorId();
    await registerActors(t.baseUrl, c);
    const created: string[] = [];
    // Several records share an instant, so the cursor must break ties by id.
    const instants = [
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2025-02-01T00:00:00Z',
      '2025-03-01T00:00:00Z',
      '2025-03-01T00:00:00Z',
      '2025-04-01T00:00:00Z',
    ];
    for (const [i, occurredAt] of instants.entries()) {
      created.push(
        (
          await createRecord(
            t.baseUrl,
            recordBody({ source: a, target: i % 2 === 0 ? b : c, occurredAt }),
          )
        ).id,
      );
    }
    const client = api(t.baseUrl);
    for (const order of ['asc', 'desc'] as const) {
      const seen: RecordBody[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.get<RecordPageBody>(
          `/records${query({ source: a, limit: 2, order, cursor })}`,
        );
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor ?? undefined;
        pages++;
      } while (cursor !== undefined && pages < 20);
      expect(pages).toBe(4);
      const ids = seen.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...created].sort());
      const keys = seen.map((r) => `${String(Date.parse(r.occurredAt)).padStart(15, '0')}|${r.id}`);
      const sorted = [...keys].sort();
      expect(keys).toEqual(order === 'asc' ? sorted : sorted.reverse());
    }
  });

  it('refuses a cursor it did not give out, naming the cursor', async () => {
    const client = api(t.baseUrl);
    // A cursor from the actors list, and one that decodes to JSON of another shape.
    const actors = await client.get<{ items: unknown[]; nextCursor: string | null }>(
      '/actors?limit=1',
    );
    expect(actors.status).toBe(200);
    const foreign = [
      actors.body.nextCursor ?? 'a-actor-cursor',
      Buffer.from('{"page":2}').toString('base64url'),
      'not a cursor',
    ];
    for (const cursor of foreign) {
      const response = await client.get<ProblemBody>(`/records${query({ cursor })}`);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body.errors?.map((e) => e.field)).toEqual(['cursor']);
    }
  });

  it('summarises a dyad: counts, threats open and carried out, denials', async () => {
    const [a, b] = await dyad();
    const claim = await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, occurredAt: '2025-03-01T12:00:00Z', tone: 1 }),
    );
    const carried = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'threat',
        occurredAt: '2025-03-10T12:00:00Z',
        code: '1312',
        tone: -6,
      }),
    );
    const open = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'threat',
        occurredAt: '2025-03-20T12:00:00Z',
        code: '138',
        tone: -8,
      }),
    );
    const denial = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'denial',
        occurredAt: '2025-03-25T12:00:00Z',
        code: '016',
        denial: { recordId: claim.id },
      }),
    );
    const client = api(t.baseUrl);
    interface Summary {
      counts: Record<string, number>;
      threats: {
        open: number;
        carriedOut: number;
        withdrawn: number;
        lapsed: number;
        items: { id: string; status: string }[];
      };
      denials: { count: number; items: { id: string; recordId?: string }[] };
      firstOccurredAt: string | null;
      lastOccurredAt: string | null;
    }
    const before = await client.get<Summary>(`/dyads/${a}/${b}/summary`);
    expect(before.status).toBe(200);
    expect(before.body.counts).toEqual({ statement: 1, threat: 2, denial: 1, action: 0, total: 4 });
    expect(before.body.threats).toMatchObject({ open: 2, carriedOut: 0, withdrawn: 0, lapsed: 0 });

    const outcome = await client.post<WriteReceiptBody>(`/records/${carried.id}/outcome`, {
      outcome: 'carried-out',
      occurredAt: '2025-04-02T00:00:00Z',
      note: 'Tariffs took effect',
    });
    expect(outcome.status).toBe(201);
    const retried = await client.post<WriteReceiptBody>(`/records/${carried.id}/outcome`, {
      outcome: 'carried-out',
      occurredAt: '2025-04-02T00:00:00Z',
      note: 'Tariffs took effect',
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(outcome.body);
    const notAThreat = await client.post<ProblemBody>(`/records/${claim.id}/outcome`, {
      outcome: 'withdrawn',
      occurredAt: '2025-04-02T00:00:00Z',
    });
    expect(notAThreat.status).toBe(422);

    const after = await client.get<Summary>(`/dyads/${a}/${b}/summary`);
    expect(after.body.counts).toEqual({ statement: 1, threat: 2, denial: 1, action: 0, total: 4 });
    expect(after.body.threats).toMatchObject({ open: 1, carriedOut: 1, withdrawn: 0, lapsed: 0 });
    expect(after.body.threats.items.map((i) => [i.id, i.status]).sort()).toEqual(
      [
        [carried.id, 'carried-out'],
        [open.id, 'open'],
      ].sort(),
    );
    expect(after.body.denials.count).toBe(1);
    expect(after.body.denials.items).toEqual([
      expect.objectContaining({ id: denial.id, recordId: claim.id }),
    ]);
    expect(after.body.firstOccurredAt).toBe('2025-03-01T12:00:00.000Z');
    expect(after.body.lastOccurredAt).toBe('2025-03-25T12:00:00.000Z');

    const threat = await client.get<RecordBody>(`/records/${carried.id}`);
    expect(threat.body).toMatchObject({
      threatStatus: 'carried-out',
      outcome: { outcome: 'carried-out', note: 'Tariffs took effect' },
    });
    // The outcome does not change the tone view.
    expect(
      totalCount(await getTone(t.baseUrl, a, b, { from: '2025-03-01', to: '2025-04-01' })),
    ).toBe(4);
  });
});
