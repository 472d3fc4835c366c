import { startTestApp, type TestApp } from '../support/app';
import { api, raw } from '../support/client';
import {
  actorId,
  createRecord,
  recordBody,
  registerActors,
  type RecordInput,
} from '../support/builders';
import type { ImportReportBody, ProblemBody, RecordBody } from '../support/responses';
import { snapshotStore } from '../support/store';

/**
 * A record's CAMEO code must be one the codebook lists, and weighs what the published
 * CAMEO → Goldstein table says it weighs, not what its parent does.
 */
describe('CAMEO codes on records', () => {
  let t: TestApp;
  let a: string;
  let b: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = actorId();
    b = actorId();
    await registerActors(t.baseUrl, a, b);
  });
  afterAll(async () => {
    await t.close();
  });

  const body = (overrides: RecordInput = {}): RecordInput =>
    recordBody({ source: a, target: b, ...overrides });
  const fields = (problem: ProblemBody | undefined): string[] => [
    ...new Set((problem?.errors ?? []).map((e) => e.field)),
  ];

  it.each([
    ['0334', 6], // express intent to provide military protection or peacekeeping
    ['163', -8], // impose embargo, boycott, or sanctions
    ['072', 8.3], // provide military aid
  ])('weighs a record coded %s at %d, its published Goldstein weight', async (code, weight) => {
    const receipt = await createRecord(t.baseUrl, body({ code }));
    const read = await api(t.baseUrl).get<RecordBody>(`/records/${receipt.id}`);
    expect(read.body).toMatchObject({ code, intensity: weight, intensityCode: code });
  });

  it('refuses a code the codebook does not list, naming the field, and stores nothing', async () => {
    const client = api(t.baseUrl);
    const existing = await createRecord(t.baseUrl, body({ code: '013' }));
    const before = await snapshotStore(t);

    const posted = await client.post<ProblemBody>('/records', body({ code: '0999' }));
    expect(posted.status).toBe(400);
    expect(posted.contentType).toMatch(/^application\/problem\+json/);
    expect(fields(posted.body)).toEqual(['code']);
    expect(posted.body.errors?.[0]?.message).toMatch(/CAMEO codebook/);

    const corrected = await client.post<ProblemBody>(`/records/${existing.id}/corrections`, {
      changes: { code: '1315' },
      reason: 'recoded',
    });
    expect(corrected.status).toBe(400);
    expect(fields(corrected.body)).toEqual(['changes.code']);

    expect(await snapshotStore(t)).toEqual(before);
  });

  it('refuses an import line with an unlisted code and stores the others', async () => {
    const good = body({ code: '0334' });
    const bad = body({ code: '0999' });
    const file = `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`;
    const report = await api(t.baseUrl).post<ImportReportBody>(
      '/records/import',
      raw(file, 'application/x-ndjson'),
    );
    expect(report.body).toMatchObject({ received: 2, created: 1, refused: 1 });
    const refused = report.body.results.find((r) => r.line === 2);
    expect(refused?.problem?.status).toBe(400);
    expect(fields(refused?.problem)).toEqual(['code']);
    expect((await api(t.baseUrl).get(`/records/${String(bad.id)}`)).status).toBe(404);
  });
});
