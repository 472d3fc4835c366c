import type { TestApp } from '../support/app';
import { api } from '../support/client';
import { createRecord, recordBody, freshDyad } from '../support/builders';
import { bucketAt, getTone, listAll, totalCount } from '../support/reads';
import { clockPast } from '../support/waiting';
import type { ProblemBody, RecordBody } from '../support/responses';
import { backends } from '../support/backends';

/** An instant strictly between two recorded times (they are at least 2 ms apart). */
function between(earlier: string, later: string): string {
  const a = Date.parse(earlier);
  const b = Date.parse(later);
  if (!(b - a >= 2))
    throw new Error(`${earlier} and ${later} are too close to choose an instant between them`);
  return new Date(a + Math.floor((b - a) / 2)).toISOString();
}

describe.each(backends())('asOf: what the log said then ($name)', (backend) => {
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

  it('answers with the version before a correction for an asOf before it, and the new one after', async () => {
    const [a, b] = await dyad();
    const record = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        occurredAt: '2025-01-20T12:00:00Z',
        code: '013',
        tone: 2,
        quote: 'A very good talk.',
      }),
    );
    const client = api(t.baseUrl);
    const created = (await client.get<RecordBody>(`/records/${record.id}`)).body;
    await clockPast(created.updatedAt, backend.distinctRecordedTimeMs);
    const correction = await client.post(`/records/${record.id}/corrections`, {
      changes: {
        tone: -8,
        code: '012',
        occurredAt: '2025-02-15T12:00:00Z',
        quote: 'A very bad talk.',
      },
      reason: 'Wrong transcript',
    });
    expect(correction.status).toBe(201);

    const now = (await client.get<RecordBody>(`/records/${record.id}`)).body;
    const [first, second] = now.history ?? [];
    expect(first?.type).toBe('StatementRecorded');
    expect(second?.type).toBe('RecordCorrected');
    const createdAt = first?.recordedAt ?? '';
    const correctedAt = second?.recordedAt ?? '';
    const midway = between(createdAt, correctedAt);

    const then = await client.get<RecordBody>(`/records/${record.id}?asOf=${midway}`);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({
      version: 1,
      tone: 2,
      code: '013',
      intensity: 0.4,
      quote: 'A very good talk.',
      occurredAt: '2025-01-20T12:00:00Z',
    });
    expect(then.body.history?.map((h) => h.version)).toEqual([1]);
    for (const asOf of [correctedAt, new Date().toISOString()]) {
      const later = await client.get<RecordBody>(`/records/${record.id}?asOf=${asOf}`);
      expect(later.body).toMatchObject({
        version: 2,
        tone: -8,
        code: '012',
        intensity: -0.4,
        quote: 'A very bad talk.',
        occurredAt: '2025-02-15T12:00:00Z',
      });
    }
    expect(now).toMatchObject({ version: 2, tone: -8 });

    // The tone view as of then has the record in January with its old measures; now, in February with the new.
    const range = { from: '2025-01-01', to: '2025-03-01' };
    const toneThen = await getTone(t.baseUrl, a, b, { ...range, asOf: midway });
    expect(toneThen.asOf).toBe(midway);
    expect(bucketAt(toneThen, '2025-01-01T00:00:00Z').intensity).toMatchObject({ mean: 0.4, n: 1 });
    expect(bucketAt(toneThen, '2025-01-01T00:00:00Z').tone).toMatchObject({ mean: 2, n: 1 });
    expect(bucketAt(toneThen, '2025-02-01T00:00:00Z').counts.total).toBe(0);
    const toneNow = await getTone(t.baseUrl, a, b, range);
    expect(bucketAt(toneNow, '2025-01-01T00:00:00Z').counts.total).toBe(0);
    expect(bucketAt(toneNow, '2025-02-01T00:00:00Z').intensity).toMatchObject({ mean: -0.4, n: 1 });
    expect(bucketAt(toneNow, '2025-02-01T00:00:00Z').tone).toMatchObject({ mean: -8, n: 1 });
    const toneAfter = await getTone(t.baseUrl, a, b, { ...range, asOf: correctedAt });
    expect(toneAfter.series).toEqual(toneNow.series);

    // The list reads the same way.
    expect((await listAll(t.baseUrl, { source: a, asOf: midway }))[0]).toMatchObject({
      id: record.id,
      tone: 2,
      version: 1,
    });
    expect((await listAll(t.baseUrl, { source: a }))[0]).toMatchObject({
      id: record.id,
      tone: -8,
      version: 2,
    });
  });

  it('knows nothing of a record for an asOf before it was recorded', async () => {
    const [a, b] = await dyad();
    const record = await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, occurredAt: '2025-01-20T12:00:00Z', tone: 4 }),
    );
    const client = api(t.baseUrl);
    const recordedAt = (await client.get<RecordBody>(`/records/${record.id}`)).body.recordedAt;
    const before = new Date(Date.parse(recordedAt) - 1).toISOString();

    const missing = await client.get<ProblemBody>(`/records/${record.id}?asOf=${before}`);
    expect(missing.status).toBe(404);
    expect(missing.contentType).toMatch(/^application\/problem\+json/);
    expect((await client.get(`/records/${record.id}?asOf=${recordedAt}`)).status).toBe(200);

    const range = { from: '2025-01-01', to: '2025-02-01' };
    expect(totalCount(await getTone(t.baseUrl, a, b, { ...range, asOf: before }))).toBe(0);
    expect(totalCount(await getTone(t.baseUrl, a, b, { ...range, asOf: recordedAt }))).toBe(1);
    expect(await listAll(t.baseUrl, { source: a, asOf: before })).toEqual([]);
  });

  it('shows a retracted record in the tone view as of before the retraction', async () => {
    const [a, b] = await dyad();
    const record = await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, kind: 'threat', occurredAt: '2025-01-20T12:00:00Z' }),
    );
    const client = api(t.baseUrl);
    await clockPast(
      (await client.get<RecordBody>(`/records/${record.id}`)).body.recordedAt,
      backend.distinctRecordedTimeMs,
    );
    expect(
      (await client.post(`/records/${record.id}/retraction`, { reason: 'Never said' })).status,
    ).toBe(201);
    const history = (await client.get<RecordBody>(`/records/${record.id}`)).body.history ?? [];
    const midway = between(history[0]?.recordedAt ?? '', history[1]?.recordedAt ?? '');

    const range = { from: '2025-01-01', to: '2025-02-01' };
    expect(totalCount(await getTone(t.baseUrl, a, b, { ...range, asOf: midway }))).toBe(1);
    expect(totalCount(await getTone(t.baseUrl, a, b, range))).toBe(0);
    expect((await client.get<RecordBody>(`/records/${record.id}?asOf=${midway}`)).body.status).toBe(
      'active',
    );
    expect((await client.get<RecordBody>(`/records/${record.id}`)).body.status).toBe('retracted');
  });
});
