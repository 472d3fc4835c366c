import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { SAMPLE_DATA_DIR } from '../../src/config/paths';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { getTone, listAll } from '../support/reads';
import { countEvents } from '../support/store';
import type { RecordBody, RecordPageBody } from '../support/responses';
import type { components } from '../../src/page/assets/api-types';

type ActorBody = components['schemas']['ActorView'];

interface SampleRecord {
  id: string;
  source: string;
  target: string;
  occurredAt: string;
  precision: 'instant' | 'day' | 'month';
  code?: string;
  note?: string;
}

function sampleLines(file: string): string[] {
  return readFileSync(join(SAMPLE_DATA_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function sampleRecords(): SampleRecord[] {
  return sampleLines('records.ndjson').map((line) => JSON.parse(line) as SampleRecord);
}

describe('the sample dataset', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ sample: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the Trump→Putin tone by month with the 2025 records in their months', async () => {
    // What the sample file holds for the dyad in 2025, by UTC month.
    const expected = new Map<string, number>();
    for (const record of sampleRecords()) {
      if (record.source !== 'donald-trump' || record.target !== 'vladimir-putin') continue;
      const month = DateTime.fromISO(record.occurredAt, { zone: 'UTC' });
      if (month.year !== 2025) continue;
      const start = month.startOf('month').toISO({ suppressMilliseconds: true }) ?? '';
      expected.set(start, (expected.get(start) ?? 0) + 1);
    }
    expect(expected.size).toBeGreaterThan(0);

    const view = await getTone(t.baseUrl, 'donald-trump', 'vladimir-putin', {
      from: '2025-01-01',
      to: '2026-01-01',
      bucket: 'month',
    });
    expect(view.series).toHaveLength(12);
    for (const bucket of view.series) {
      expect({ start: bucket.start, total: bucket.counts.total }).toEqual({
        start: bucket.start,
        total: expected.get(bucket.start) ?? 0,
      });
    }
    const nonEmpty = view.series.filter((b) => b.counts.total > 0);
    expect(nonEmpty.length).toBeGreaterThan(0);
    for (const bucket of nonEmpty) expect(bucket.intensity.n).toBe(bucket.counts.total);
  });

  it('lists every sample record and actor', async () => {
    const page = await api(t.baseUrl).get<RecordPageBody>('/records?limit=500');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(sampleRecords().length);
    expect(page.body.nextCursor).toBeNull();
    expect(
      (await api(t.baseUrl).get<{ items: unknown[] }>('/actors?limit=500')).body.items,
    ).toHaveLength(sampleLines('actors.ndjson').length);
  });

  it('rolls the habitual records of 22 January 2025 up into USA→RUS: Trump is president by then', async () => {
    const towardRussia = sampleRecords().filter(
      (r) =>
        r.source === 'donald-trump' &&
        ['rus', 'vladimir-putin'].includes(r.target) &&
        r.note?.includes('22 Jan 2025'),
    );
    expect(towardRussia.length).toBeGreaterThan(0);
    for (const record of towardRussia) {
      expect({
        id: record.id,
        day: DateTime.fromISO(record.occurredAt).toUTC().toISODate(),
      }).toEqual({ id: record.id, day: '2025-01-22' });
    }
    const view = await getTone(t.baseUrl, 'usa', 'rus', {
      mode: 'rollup',
      from: '2025-01-01',
      to: '2025-02-01',
      bucket: 'month',
    });
    expect(view.series.map((b) => b.counts.total)).toEqual([towardRussia.length]);
  });

  it('places Republican lawmakers under the United States and Russian state media under Russia', async () => {
    for (const [actor, parent] of [
      ['us-congress-republicans', 'usa'],
      ['russian-state-media', 'rus'],
    ]) {
      const read = await api(t.baseUrl).get<ActorBody>(`/actors/${actor}`);
      expect(read.status).toBe(200);
      expect(read.body.affiliations.map((a) => a.parent)).toEqual([parent]);
    }
    // The state media's mockery of late May 2025 now counts in RUS → USA.
    const view = await getTone(t.baseUrl, 'rus', 'usa', {
      mode: 'rollup',
      from: '2025-05-01',
      to: '2025-06-01',
      bucket: 'month',
    });
    const mayTowardUs = sampleRecords().filter(
      (r) =>
        ['russian-state-media', 'dmitry-peskov'].includes(r.source) &&
        r.target === 'donald-trump' &&
        r.occurredAt.startsWith('2025-05'),
    );
    expect(mayTowardUs.map((r) => r.source)).toContain('russian-state-media');
    expect(view.series.map((b) => b.counts.total)).toEqual([mayTowardUs.length]);
  });

  it('weighs every coded sample record by its own CAMEO code, each one the codebook lists', async () => {
    const records = await listAll(t.baseUrl, { limit: 500 });
    const coded = records.filter((r: RecordBody) => r.code);
    expect(coded.length).toBe(sampleRecords().filter((r) => r.code).length);
    for (const record of coded) {
      expect({ id: record.id, code: record.intensityCode, source: record.intensitySource }).toEqual(
        {
          id: record.id,
          code: record.code,
          source: 'cameo',
        },
      );
    }
  });
});

describe('the sample files', () => {
  it('date every record on the same day (or month) in UTC as in the zone it is written in', () => {
    for (const record of sampleRecords()) {
      const local = DateTime.fromISO(record.occurredAt, { setZone: true });
      const utc = local.toUTC();
      const unit = record.precision === 'month' ? 'month' : 'day';
      const written = unit === 'month' ? local.toFormat('yyyy-MM') : local.toISODate();
      const stored = unit === 'month' ? utc.toFormat('yyyy-MM') : utc.toISODate();
      expect({ id: record.id, stored }).toEqual({ id: record.id, stored: written });
      if (unit === 'month')
        expect({ id: record.id, day: local.day }).toEqual({ id: record.id, day: 1 });
    }
  });

  it('describe the sample without naming a path of the machine it was coded on', () => {
    const readme = readFileSync(join(SAMPLE_DATA_DIR, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/(?:^|[\s`(])\/(?:work|home|tmp|Users|mnt|var)\//m);
  });
});

describe('the sample dataset on restart', () => {
  let first: TestApp | undefined;
  let firstOpen = false;
  let second: TestApp | undefined;

  afterAll(async () => {
    if (first && firstOpen) await first.close({ keepFiles: true });
    await second?.close();
    if (first) rmSync(first.dir, { recursive: true, force: true });
  });

  it('is not loaded twice when the service starts again on the same file', async () => {
    first = await startTestApp({ sample: true });
    firstOpen = true;
    const events = await countEvents(first);
    expect(await listAll(first.baseUrl, { limit: 500 })).toHaveLength(sampleRecords().length);
    await first.close({ keepFiles: true });
    firstOpen = false;

    second = await startTestApp({ sample: true, dbFile: first.dbFile });
    expect(await countEvents(second)).toBe(events);
    expect(await listAll(second.baseUrl, { limit: 500 })).toHaveLength(sampleRecords().length);
    expect(
      (await api(second.baseUrl).get<{ items: unknown[] }>('/actors?limit=500')).body.items,
    ).toHaveLength(sampleLines('actors.ndjson').length);
  });
});
