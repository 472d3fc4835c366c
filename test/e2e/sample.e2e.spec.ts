import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { SAMPLE_DATA_DIR } from '../../src/config/paths';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { getTone, listAll } from '../support/reads';
import { countEvents } from '../support/store';
import type { RecordPageBody } from '../support/responses';

interface SampleRecord {
  source: string;
  target: string;
  occurredAt: string;
}

function sampleRecords(): SampleRecord[] {
  return readFileSync(join(SAMPLE_DATA_DIR, 'records.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SampleRecord);
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

  it('lists the 30 sample records and 18 actors', async () => {
    const page = await api(t.baseUrl).get<RecordPageBody>('/records?limit=500');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(30);
    expect(page.body.nextCursor).toBeNull();
    expect(
      (await api(t.baseUrl).get<{ items: unknown[] }>('/actors?limit=500')).body.items,
    ).toHaveLength(18);
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
    expect(await listAll(first.baseUrl, { limit: 500 })).toHaveLength(30);
    await first.close({ keepFiles: true });
    firstOpen = false;

    second = await startTestApp({ sample: true, dbFile: first.dbFile });
    expect(await countEvents(second)).toBe(events);
    expect(await listAll(second.baseUrl, { limit: 500 })).toHaveLength(30);
    expect(
      (await api(second.baseUrl).get<{ items: unknown[] }>('/actors?limit=500')).body.items,
    ).toHaveLength(18);
  });
});
