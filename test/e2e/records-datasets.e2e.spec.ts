import { createParser } from 'eventsource-parser';
import type { components } from '../../src/page/assets/api-types';
import { authHeaders } from '../support/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { api, query, raw } from '../support/client';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import { parseCsv } from '../support/csv';
import { getTone, listAll } from '../support/reads';
import type {
  ImportReportBody,
  ProblemBody,
  RecordBody,
  WriteReceiptBody,
} from '../support/responses';

type SummaryBody = components['schemas']['DyadSummary'];

/** A GDELT 2.0 row as an importer hands it over: its own id, reach, place and weight. */
const GDELT_ORIGIN = {
  dataset: 'gdelt2',
  id: '1234567890',
  url: 'https://example.org/gdelt-article',
  addedAt: '2025-03-30T18:15:00Z',
  mentions: 12,
  sources: 4,
  articles: 10,
  root: true,
  quadClass: 4,
  geo: {
    system: 'FIPS10-4',
    name: 'Moscow, Moskva, Russia',
    country: 'RS',
    lat: 55.75,
    lon: 37.62,
  },
  intensity: -9.5,
} as const;

/** A dataset record: an action with an origin and no quote. */
function datasetAction(source: string, target: string, overrides: Record<string, unknown> = {}) {
  return recordBody({
    source,
    target,
    kind: 'action',
    quote: undefined,
    occurredAt: '2025-03-30T00:00:00Z',
    precision: 'day',
    citation: { outlet: 'GDELT 2.0', title: 'Event 1234567890' },
    code: '190',
    tone: -3.25,
    origin: GDELT_ORIGIN,
    ...overrides,
  });
}

const RANGE = { from: '2025-03-01', to: '2025-04-01', bucket: 'month', tz: 'UTC' };

describe('actions and records from datasets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('records an action over HTTP, which the list, its kind filter, the tone counts, the summary and the CSV export know', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const client = api(t.baseUrl);
    const statement = await createRecord(t.baseUrl, recordBody({ source: a, target: b, tone: 2 }));
    const action = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'action',
        quote: 'Troops crossed the border at dawn.',
        code: '17',
        tone: -6,
      }),
    );

    const read = await client.get<RecordBody>(`/records/${action.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      kind: 'action',
      intensity: -7,
      intensitySource: 'cameo',
      intensityCode: '17',
      toneSource: 'recorder',
    });
    expect(read.body.history?.[0]?.type).toBe('ActionRecorded');

    expect((await listAll(t.baseUrl, { source: a, kind: 'action' })).map((r) => r.id)).toEqual([
      action.id,
    ]);
    expect((await listAll(t.baseUrl, { source: a, kind: 'statement' })).map((r) => r.id)).toEqual([
      statement.id,
    ]);

    const view = await getTone(t.baseUrl, a, b, RANGE);
    expect(view.series[0]?.counts).toEqual({
      statement: 1,
      threat: 0,
      denial: 0,
      action: 1,
      total: 2,
    });
    // Actions count in both measures, like every other kind.
    expect(view.series[0]?.intensity).toMatchObject({ n: 2, min: -7, max: 0 });
    expect(view.series[0]?.tone).toMatchObject({ n: 2, min: -6, max: 2 });

    const summary = await client.get<SummaryBody>(`/dyads/${a}/${b}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.counts).toEqual({
      statement: 1,
      threat: 0,
      denial: 0,
      action: 1,
      total: 2,
    });

    const csv = await client.get(`/export${query({ format: 'csv', source: a, kind: 'action' })}`);
    expect(csv.status).toBe(200);
    const [header, ...rows] = parseCsv(csv.text);
    const column = (name: string): string | undefined => rows[0]?.[header?.indexOf(name) ?? -1];
    expect(rows).toHaveLength(1);
    expect(column('id')).toBe(action.id);
    expect(column('kind')).toBe('action');
    expect(column('intensity')).toBe('-7');
    expect(column('toneSource')).toBe('recorder');
    expect(column('origin.dataset')).toBe('');
  });

  it('delivers an action on the SSE feed filtered by kind=action, and leaves the statement beside it out', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const before = await createRecord(t.baseUrl, recordBody({ source: a, target: b }));
    await createRecord(t.baseUrl, recordBody({ source: a, target: b }));
    const action = await createRecord(t.baseUrl, datasetAction(a, b));

    const abort = new AbortController();
    const response = await fetch(
      `${t.baseUrl}/feed${query({ kind: 'action', dyad: `${a}~${b}`, from: before.position, events: 'named' })}`,
      { headers: { accept: 'text/event-stream', ...authHeaders() }, signal: abort.signal },
    );
    expect(response.status).toBe(200);
    const ids: string[] = [];
    const types: string[] = [];
    const parser = createParser({
      onEvent: (message) => {
        ids.push(message.id ?? '');
        types.push(message.event ?? '');
      },
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    try {
      // Bounded: the feed sends the action at once, and a heartbeat every 15 s otherwise.
      const deadline = Date.now() + 10_000;
      while (ids.length === 0 && Date.now() < deadline) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      abort.abort();
    }
    expect(ids[0]).toBe(action.position);
    expect(types[0]).toBe('org.parley.ActionRecorded');
  });

  it('takes a dataset record without a quote, and answers its origin, its row weight and where its tone came from', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const client = api(t.baseUrl);
    const body = datasetAction(a, b);
    expect(body.quote).toBeUndefined();
    const created = await client.post<WriteReceiptBody>('/records', body);
    expect(created.status).toBe(201);

    const read = await client.get<RecordBody>(`/records/${String(body.id)}`);
    expect(read.body.quote).toBeUndefined();
    expect(read.body.origin).toEqual(GDELT_ORIGIN);
    // The row's GoldsteinScale, not the table's −10 for CAMEO 190.
    expect(read.body).toMatchObject({
      intensity: -9.5,
      intensitySource: 'gdelt2',
      intensityCode: '190',
      tone: -3.25,
      toneSource: 'gdelt2:AvgTone',
    });
    expect(bucketIntensity(await getTone(t.baseUrl, a, b, RANGE))).toBe(-9.5);

    // A corrected code does not re-derive the row's weight, in the record nor the tone view.
    const corrected = await client.post(`/records/${String(body.id)}/corrections`, {
      changes: { code: '0211' },
      reason: 'recoded',
    });
    expect(corrected.status).toBe(201);
    const after = await client.get<RecordBody>(`/records/${String(body.id)}`);
    expect(after.body).toMatchObject({
      code: '0211',
      intensity: -9.5,
      intensitySource: 'gdelt2',
      toneSource: 'gdelt2:AvgTone',
    });
    expect(bucketIntensity(await getTone(t.baseUrl, a, b, RANGE))).toBe(-9.5);

    // A tone a recorder corrects is the recorder's from that version on, not before.
    const retoned = await client.post(`/records/${String(body.id)}/corrections`, {
      changes: { tone: -6 },
      reason: 'read the articles',
    });
    expect(retoned.status).toBe(201);
    const now = await client.get<RecordBody>(`/records/${String(body.id)}`);
    expect(now.body).toMatchObject({ tone: -6, toneSource: 'recorder', version: 3 });
    const asOf = now.body.history?.[1]?.recordedAt ?? '';
    const then = await client.get<RecordBody>(`/records/${String(body.id)}${query({ asOf })}`);
    expect(then.body).toMatchObject({ tone: -3.25, toneSource: 'gdelt2:AvgTone', version: 2 });

    // Without its own weight, a dataset record is weighed by the table like any other.
    const unweighted = datasetAction(a, b, {
      origin: { dataset: 'icews', id: 'ICEWS-42' },
      code: '190',
      tone: undefined,
    });
    await createRecord(t.baseUrl, unweighted);
    const plain = await client.get<RecordBody>(`/records/${String(unweighted.id)}`);
    expect(plain.body).toMatchObject({ intensity: -10, intensitySource: 'cameo' });
    expect(plain.body.toneSource).toBeUndefined();
  });

  it('refuses a hand-coded record without a quote, naming quote, as before', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    for (const kind of ['statement', 'action']) {
      const response = await api(t.baseUrl).post<ProblemBody>(
        '/records',
        recordBody({ source: a, target: b, kind, quote: undefined }),
      );
      expect(response.status).toBe(400);
      // One problem per rule the missing quote breaks, each naming `quote`.
      expect(new Set(response.body.errors?.map((e) => e.field))).toEqual(new Set(['quote']));
    }
  });

  it('refuses an origin that breaks its rules, field by field', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...GDELT_ORIGIN, dataset: 'acled' }, 'origin.dataset'],
      [{ ...GDELT_ORIGIN, quadClass: 5 }, 'origin.quadClass'],
      [{ ...GDELT_ORIGIN, addedAt: '2025-03-30' }, 'origin.addedAt'],
      [{ ...GDELT_ORIGIN, mentions: -1 }, 'origin.mentions'],
      [{ ...GDELT_ORIGIN, intensity: 11 }, 'origin.intensity'],
      [{ ...GDELT_ORIGIN, geo: { system: 'FIPS10-4', lat: 91 } }, 'origin.geo.lat'],
      [{ ...GDELT_ORIGIN, rowColour: 'red' }, 'origin.rowColour'],
    ];
    for (const [origin, field] of cases) {
      const response = await api(t.baseUrl).post<ProblemBody>(
        '/records',
        datasetAction(a, b, { origin }),
      );
      expect([field, response.status]).toEqual([field, 400]);
      expect(response.body.errors?.map((e) => e.field)).toContain(field);
    }
  });

  it('keeps a dataset denial without a target, and a dataset threat still names its instrument', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const denial = datasetAction(a, b, { kind: 'denial', code: '016', denial: undefined });
    expect((await api(t.baseUrl).post('/records', denial)).status).toBe(201);
    const threat = await api(t.baseUrl).post<ProblemBody>(
      '/records',
      datasetAction(a, b, { kind: 'threat', code: '130', threat: undefined }),
    );
    expect(threat.status).toBe(422);
    expect(threat.body.errors?.map((e) => e.field)).toEqual(['threat.instrument']);
  });

  it('refuses a correction of origin and leaves the record as it was', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const body = datasetAction(a, b);
    await createRecord(t.baseUrl, body);
    const response = await api(t.baseUrl).post<ProblemBody>(
      `/records/${String(body.id)}/corrections`,
      { changes: { origin: { ...GDELT_ORIGIN, intensity: 5 } }, reason: 'reweigh' },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => e.field)).toContain('changes.origin');
    const read = await api(t.baseUrl).get<RecordBody>(`/records/${String(body.id)}`);
    expect(read.body).toMatchObject({ version: 1, intensity: -9.5, origin: GDELT_ORIGIN });
  });

  it('exports the origin (NDJSON whole, CSV in flat columns), and an import of the export gives the same record', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const client = api(t.baseUrl);
    const body = datasetAction(a, b);
    await createRecord(t.baseUrl, body);

    const csv = await client.get(`/export${query({ format: 'csv', source: a })}`);
    const [header, ...rows] = parseCsv(csv.text);
    const column = (name: string): string | undefined => rows[0]?.[header?.indexOf(name) ?? -1];
    expect(rows).toHaveLength(1);
    expect(column('quote')).toBe('');
    expect(column('intensitySource')).toBe('gdelt2');
    expect(column('toneSource')).toBe('gdelt2:AvgTone');
    expect(column('origin.dataset')).toBe('gdelt2');
    expect(column('origin.id')).toBe('1234567890');
    expect(column('origin.url')).toBe(GDELT_ORIGIN.url);
    expect(column('origin.mentions')).toBe('12');
    expect(column('origin.root')).toBe('true');
    expect(column('origin.quadClass')).toBe('4');
    expect(column('origin.intensity')).toBe('-9.5');

    const ndjson = await client.get(`/export${query({ source: a })}`);
    const exported = JSON.parse(ndjson.text.trim()) as Record<string, unknown>;
    expect(exported.origin).toEqual(GDELT_ORIGIN);
    expect(exported).not.toHaveProperty('quote');

    // The same line into a fresh dyad (another id, other actors) is taken as it is.
    const [c, d] = await freshDyad(t.baseUrl);
    const line = { ...exported, id: undefined, source: c, target: d };
    const report = await client.post<ImportReportBody>(
      '/records/import',
      raw(`${JSON.stringify(line)}\n`, 'application/x-ndjson'),
    );
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ created: 1, refused: 0 });
    const [imported] = await listAll(t.baseUrl, { source: c });
    expect(imported).toMatchObject({
      kind: 'action',
      origin: GDELT_ORIGIN,
      intensity: -9.5,
      intensitySource: 'gdelt2',
      toneSource: 'gdelt2:AvgTone',
    });
  });
});

function bucketIntensity(view: { series: { intensity: { mean: number | null } }[] }) {
  return view.series[0]?.intensity.mean;
}
