import { v5 as uuidv5 } from 'uuid';
import { startTestApp, type TestApp } from '../support/app';
import { api, query, raw } from '../support/client';
import { listAll } from '../support/reads';
import { countEvents } from '../support/store';
import type { ToneViewBody } from '../support/responses';
import {
  DATASET_FIXTURES,
  fixtureBytes,
  splitFixture,
} from '../fixtures/datasets/dataset-fixtures';

/**
 * A real GDELT 2.0 export (200 rows of the first 15-minute file, committed) imported over
 * HTTP as GDELT ships it, then checked against the file itself, read here by the
 * codebook's column positions and nothing of parley's mapping: each record's fields
 * against its row, and a daily USA → RUS roll-up against the same figures computed from
 * the rows.
 */

/** The GDELT 2.0 codebook's columns this test reads (0-based). */
const COL = {
  id: 0,
  sqlDate: 1,
  actor1Code: 5,
  actor1Country: 7,
  actor2Code: 15,
  actor2Country: 17,
  isRoot: 25,
  eventCode: 26,
  quadClass: 29,
  goldstein: 30,
  mentions: 31,
  sources: 32,
  articles: 33,
  avgTone: 34,
  dateAdded: 59,
  sourceUrl: 60,
} as const;

/** The namespace README "Importing event data" documents for record ids. */
const RECORD_ID_NAMESPACE = '47326fbb-dbfb-483c-8b4c-3c40724c7a08';

const ZIP = 'application/zip';
const TSV = 'text/tab-separated-values';

interface DatasetReport {
  file: string;
  format: string;
  rows: number;
  taken: number;
  unchanged: number;
  skipped: number;
  skippedBy: Record<string, number>;
  refused: number;
  refusals: { line: number; field: string; message: string }[];
  actorsRegistered: number;
}

const isHttpUrl = (text: string | undefined): boolean => /^https?:\/\/\S+$/.test(text ?? '');

const day = (sqlDate: string): string =>
  `${sqlDate.slice(0, 4)}-${sqlDate.slice(4, 6)}-${sqlDate.slice(6, 8)}`;

describe('importing a GDELT 2.0 export', () => {
  let t: TestApp;
  let first: DatasetReport;
  const { rows } = splitFixture(DATASET_FIXTURES.gdelt2);

  beforeAll(async () => {
    t = await startTestApp();
    const response = await api(t.baseUrl).post<DatasetReport>(
      `/records/import${query({ format: 'gdelt2', file: '20150218230000.export.CSV.zip' })}`,
      raw(fixtureBytes(DATASET_FIXTURES.gdelt2Zip), ZIP),
    );
    expect(response.status).toBe(200);
    first = response.body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('accounts for every row: taken, skipped by reason, or refused', () => {
    expect(first).toMatchObject({ file: '20150218230000.export.CSV.zip', format: 'gdelt2' });
    expect(first.rows).toBe(rows.length);
    expect(first.taken + first.skipped + first.refused).toBe(rows.length);
    expect(Object.values(first.skippedBy).reduce((a, b) => a + b, 0)).toBe(first.skipped);
    // One-sided rows (an actor code empty) are skipped as such.
    const oneSided = rows.filter(
      (row) => row.fields[COL.actor1Code] === '' || row.fields[COL.actor2Code] === '',
    ).length;
    expect(first.skippedBy['one-sided']).toBe(oneSided);
    expect(first.taken).toBeGreaterThan(50);
    expect(first.actorsRegistered).toBeGreaterThan(0);
  });

  it('adds nothing when the same file is imported again, unzipped', async () => {
    const events = await countEvents(t);
    const again = await api(t.baseUrl).post<DatasetReport>(
      `/records/import${query({ format: 'gdelt2' })}`,
      raw(fixtureBytes(DATASET_FIXTURES.gdelt2), TSV),
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      file: 'body',
      rows: first.rows,
      taken: 0,
      unchanged: first.taken,
      skipped: first.skipped,
    });
    expect(await countEvents(t)).toBe(events);
  });

  it('keeps each row’s own fields in its record', async () => {
    const records = await listAll(t.baseUrl, { limit: 500 });
    const byId = new Map(records.map((record) => [record.id, record]));
    let compared = 0;
    for (const row of rows) {
      const f = row.fields;
      const record = byId.get(uuidv5(`gdelt2:${f[COL.id]}`, RECORD_ID_NAMESPACE));
      if (!record) continue;
      compared += 1;
      const quadClass = Number(f[COL.quadClass]);
      const code = f[COL.eventCode] ?? '';
      const kind = code.startsWith('13')
        ? 'threat'
        : code === '016'
          ? 'denial'
          : quadClass === 1 || quadClass === 3
            ? 'statement'
            : 'action';
      expect({
        kind: record.kind,
        occurredAt: record.occurredAt,
        precision: record.precision,
        code: record.code,
        intensity: record.intensity,
        intensitySource: record.intensitySource,
        tone: record.tone,
        origin: record.origin,
      }).toEqual({
        kind,
        occurredAt: `${day(f[COL.sqlDate] ?? '')}T00:00:00Z`,
        precision: 'day',
        code,
        intensity: Number(f[COL.goldstein]),
        intensitySource: 'gdelt2',
        tone: Math.max(-10, Math.min(10, Number(f[COL.avgTone]))),
        origin: expect.objectContaining({
          dataset: 'gdelt2',
          id: f[COL.id],
          // GDELT's SOURCEURL is the article's address, when it is one (early rows name
          // an outlet, "BBC Monitoring", instead).
          ...(isHttpUrl(f[COL.sourceUrl]) ? { url: f[COL.sourceUrl] } : {}),
          mentions: Number(f[COL.mentions]),
          sources: Number(f[COL.sources]),
          articles: Number(f[COL.articles]),
          root: f[COL.isRoot] === '1',
          quadClass,
          intensity: Number(f[COL.goldstein]),
        }) as unknown,
      });
      const added = f[COL.dateAdded] ?? '';
      expect(record.origin?.addedAt).toBe(
        `${day(added)}T${added.slice(8, 10)}:${added.slice(10, 12)}:${added.slice(12, 14)}Z`,
      );
      expect(record.citation.url).toBe(isHttpUrl(f[COL.sourceUrl]) ? f[COL.sourceUrl] : undefined);
      if (!isHttpUrl(f[COL.sourceUrl])) expect(record.origin?.url).toBeUndefined();
    }
    expect(compared).toBe(first.taken);
  });

  it('gives the daily USA → RUS roll-up the file’s own counts and Goldstein means', async () => {
    // From the file: the two-sided rows between a US and a Russian actor, by event day.
    const expected = new Map<string, number[]>();
    for (const row of rows) {
      const f = row.fields;
      if (f[COL.actor1Code] === '' || f[COL.actor2Code] === '') continue;
      if (f[COL.actor1Country] !== 'USA' || f[COL.actor2Country] !== 'RUS') continue;
      // An international or transnational actor belongs to no state, whatever country GDELT gives it.
      const transnational = /^(IGO|NGO|NGM|MNC)/;
      if (
        transnational.test(f[COL.actor1Code] ?? '') ||
        transnational.test(f[COL.actor2Code] ?? '')
      )
        continue;
      const date = day(f[COL.sqlDate] ?? '');
      expected.set(date, [...(expected.get(date) ?? []), Number(f[COL.goldstein])]);
    }
    expect(expected.size).toBeGreaterThan(0);
    const days = [...expected.keys()].sort();
    const from = days[0] ?? '';
    const last = new Date(`${days[days.length - 1] ?? ''}T00:00:00Z`);
    const to = new Date(last.getTime() + 86_400_000).toISOString().slice(0, 10);
    const view = await api(t.baseUrl).get<ToneViewBody>(
      `/dyads/usa/rus/tone${query({ mode: 'rollup', bucket: 'day', tz: 'UTC', from, to })}`,
    );
    expect(view.status).toBe(200);
    const answered = new Map(
      view.body.series
        .filter((bucket) => bucket.intensity.n > 0)
        .map((bucket) => [bucket.start.slice(0, 10), bucket]),
    );
    expect([...answered.keys()].sort()).toEqual(days);
    for (const [date, weights] of expected) {
      const bucket = answered.get(date);
      const mean = weights.reduce((a, b) => a + b, 0) / weights.length;
      expect({ date, n: bucket?.intensity.n, total: bucket?.counts.total }).toEqual({
        date,
        n: weights.length,
        total: weights.length,
      });
      expect(bucket?.intensity.mean).toBeCloseTo(mean, 2);
    }
  });

  it('refuses a body that is not the named format’s file, naming the body', async () => {
    const response = await api(t.baseUrl).post(
      `/records/import${query({ format: 'gdelt2' })}`,
      raw(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), ZIP),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ errors: [{ field: 'body' }] });
  });

  it('refuses an unknown format, naming it', async () => {
    const response = await api(t.baseUrl).post(
      `/records/import${query({ format: 'acled' })}`,
      raw(fixtureBytes(DATASET_FIXTURES.gdelt2), TSV),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [{ field: 'format' }] });
  });
});
