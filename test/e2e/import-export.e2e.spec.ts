import { startTestApp, type TestApp } from '../support/app';
import { api, query, raw } from '../support/client';
import { actorId, createRecord, recordBody, registerActors } from '../support/builders';
import { listAll } from '../support/reads';
import { countEvents } from '../support/store';
import { parseCsv } from '../support/csv';
import type { ImportReportBody, RecordBody } from '../support/responses';

const NDJSON = 'application/x-ndjson';

/** A listed record without what depends on when and where it was written. */
function withoutWriteTimes(
  record: RecordBody,
): Omit<RecordBody, 'recordedAt' | 'updatedAt' | 'position'> {
  const { recordedAt: _recordedAt, updatedAt: _updatedAt, position: _position, ...rest } = record;
  return rest;
}

describe('import and export', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('imports a mixed NDJSON file line by line, storing only the good lines; a second import changes nothing', async () => {
    const a = actorId();
    const b = actorId();
    await registerActors(t.baseUrl, a, b);
    const good1 = recordBody({ source: a, target: b, occurredAt: '2025-01-01T10:00:00Z' });
    const good2 = recordBody({
      source: a,
      target: b,
      kind: 'threat',
      occurredAt: '2025-01-02T10:00:00Z',
    });
    const invalid = recordBody({ source: a, target: b, quote: undefined });
    const unknownActor = recordBody({ source: actorId('nobody'), target: b });
    const lines = [
      JSON.stringify(good1),
      '{"kind": "statement", "source": ',
      JSON.stringify(invalid),
      JSON.stringify(unknownActor),
      '',
      JSON.stringify(good2),
    ];
    const file = `${lines.join('\n')}\n`;
    const eventsBefore = await countEvents(t);
    const client = api(t.baseUrl);

    const first = await client.post<ImportReportBody>('/records/import', raw(file, NDJSON));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: 5, created: 2, unchanged: 0, refused: 3 });
    expect(first.body.results.map((r) => [r.line, r.status])).toEqual([
      [1, 'created'],
      [2, 'refused'],
      [3, 'refused'],
      [4, 'refused'],
      [6, 'created'],
    ]);
    const [r1, r2, r3, r4, r6] = first.body.results;
    expect(r1?.id).toBe(good1.id);
    expect(r6?.id).toBe(good2.id);
    expect(r2?.problem?.status).toBe(400);
    expect(r3?.problem).toMatchObject({ status: 400 });
    expect(r3?.problem?.errors?.map((e) => e.field)).toContain('quote');
    expect(r4?.problem).toMatchObject({ status: 422 });
    expect(r4?.problem?.errors?.map((e) => e.field)).toEqual(['source']);
    expect(await countEvents(t)).toBe(eventsBefore + 2);
    expect((await listAll(t.baseUrl, { source: a })).map((r) => r.id)).toEqual([
      good1.id,
      good2.id,
    ]);

    const second = await client.post<ImportReportBody>('/records/import', raw(file, NDJSON));
    expect(second.body).toMatchObject({ received: 5, created: 0, unchanged: 2, refused: 3 });
    expect(second.body.results.map((r) => [r.line, r.status])).toEqual([
      [1, 'unchanged'],
      [2, 'refused'],
      [3, 'refused'],
      [4, 'refused'],
      [6, 'unchanged'],
    ]);
    expect(await countEvents(t)).toBe(eventsBefore + 2);
  });

  it('exports NDJSON that a second service imports into the same records', async () => {
    const a = actorId();
    const b = actorId();
    const c = actorId();
    await registerActors(t.baseUrl, a, b, c);
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        occurredAt: '2025-02-01T00:00:00-05:00',
        precision: 'month',
        quote: 'It’s “absolutely CRAZY!”',
        citation: {
          outlet: 'Wire',
          title: 'Report',
          url: 'https://example.org/a',
          publishedAt: '2025-02-02T00:00:00Z',
        },
        topics: ['ukraine', 'leadership'],
        code: '111',
        tone: -5,
        confidence: 0.7,
        note: 'A note',
      }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: c,
        kind: 'threat',
        occurredAt: '2025-03-01T12:00:00+03:00',
        threat: { instrument: 'sanction', deadline: '2025-09-01T00:00:00Z' },
      }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'denial',
        occurredAt: '2025-04-01T12:00:00Z',
        denial: { claim: 'none of it' },
      }),
    );
    const original = await listAll(t.baseUrl, { source: a });
    expect(original).toHaveLength(3);

    const exported = await api(t.baseUrl).get(`/export${query({ format: 'ndjson', source: a })}`);
    expect(exported.status).toBe(200);
    expect(exported.contentType).toMatch(/^application\/x-ndjson/);
    const lines = exported.text.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(3);

    const other = await startTestApp();
    try {
      await registerActors(other.baseUrl, a, b, c);
      const report = await api(other.baseUrl).post<ImportReportBody>(
        '/records/import',
        raw(exported.text, NDJSON),
      );
      expect(report.body).toMatchObject({ received: 3, created: 3, unchanged: 0, refused: 0 });
      const copied = await listAll(other.baseUrl, { source: a });
      expect(copied.map(withoutWriteTimes)).toEqual(original.map(withoutWriteTimes));
    } finally {
      await other.close();
    }
  });

  it('exports CSV whose text cells a spreadsheet would run as formulas start with an apostrophe; numbers stay numbers', async () => {
    const a = actorId();
    const b = actorId();
    await registerActors(t.baseUrl, a, b);
    const attack = "-2+3+cmd|' /C calc'!A0";
    const record = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        occurredAt: '2025-01-01T00:00:00Z',
        quote: '=HYPERLINK("http://evil.example","click")',
        note: attack,
        citation: { outlet: '@outlet', title: '+title' },
        tone: -3,
      }),
    );
    const response = await api(t.baseUrl).get(`/export${query({ format: 'csv', source: a })}`);
    expect(response.status).toBe(200);
    const [header, row] = parseCsv(response.text);
    const column = (name: string): string | undefined => row?.[header?.indexOf(name) ?? -1];
    expect(column('id')).toBe(record.id);
    expect(column('quote')).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(column('note')).toBe(`'${attack}`);
    expect(column('citation.outlet')).toBe("'@outlet");
    expect(column('citation.title')).toBe("'+title");
    expect(column('tone')).toBe('-3');
  });

  it('exports CSV with a header and one row per record, quoting commas, quotes and line breaks', async () => {
    const a = actorId();
    const b = actorId();
    await registerActors(t.baseUrl, a, b);
    const tricky = 'He said, "no deal, no way" — then: "we\'ll see",\nand left.';
    const plain = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        occurredAt: '2025-01-01T00:00:00Z',
        topics: ['oil', 'gas'],
        tone: 2,
      }),
    );
    const quoted = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'threat',
        occurredAt: '2025-01-02T00:00:00Z',
        quote: tricky,
        citation: { outlet: 'Outlet, Inc.', title: 'The "title"' },
      }),
    );

    const response = await api(t.baseUrl).get(`/export${query({ format: 'csv', source: a })}`);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/csv/);
    const rows = parseCsv(response.text);
    const [header, ...records] = rows;
    expect(header?.slice(0, 7)).toEqual([
      'id',
      'kind',
      'source',
      'target',
      'occurredAt',
      'precision',
      'quote',
    ]);
    expect(records).toHaveLength(2);
    for (const row of records) expect(row).toHaveLength(header?.length ?? -1);
    const column = (row: string[] | undefined, name: string): string | undefined =>
      row?.[header?.indexOf(name) ?? -1];
    const byId = new Map(records.map((row) => [column(row, 'id'), row]));
    const threatRow = byId.get(quoted.id);
    expect(column(threatRow, 'quote')).toBe(tricky);
    expect(column(threatRow, 'citation.outlet')).toBe('Outlet, Inc.');
    expect(column(threatRow, 'citation.title')).toBe('The "title"');
    expect(column(threatRow, 'kind')).toBe('threat');
    expect(column(threatRow, 'threat.instrument')).toBe('tariff');
    const statementRow = byId.get(plain.id);
    expect(column(statementRow, 'topics')).toBe('oil;gas');
    expect(column(statementRow, 'tone')).toBe('2');
    expect(column(statementRow, 'source')).toBe(a);
  });
});
