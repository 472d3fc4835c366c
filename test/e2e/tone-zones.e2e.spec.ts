import { startTestApp, type TestApp } from '../support/app';
import { api, query } from '../support/client';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import { getTone } from '../support/reads';
import type { RecordPageBody } from '../support/responses';

/*
 * Buckets follow the zone's clock (README, "Time"). The transitions below are those of
 * the tz database luxon reads through Intl:
 * - Australia/Lord_Howe moves its clocks by 30 minutes: 2024-10-06 02:00 → 02:30 (+10:30
 *   → +11:00) and 2024-04-07 02:00 → 01:30 (+11:00 → +10:30);
 * - America/St_Johns ended DST at 00:01 until 2011: on 2006-10-29 its clock went from
 *   00:01 NDT (−02:30) back to 23:01 NST (−03:30), so that day's midnight happened twice;
 * - America/Sao_Paulo sprang forward at 00:00 on 2018-11-04 (−03:00 → −02:00): no midnight.
 */

describe('tone buckets by the zone clock', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('starts hour buckets on the hour again after a 30-minute change (Australia/Lord_Howe)', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const spring = await getTone(t.baseUrl, a, b, {
      bucket: 'hour',
      tz: 'Australia/Lord_Howe',
      from: '2024-10-06T01:00:00+10:30',
      to: '2024-10-06T05:00:00+11:00',
    });
    expect(spring.series.map((s) => [s.start, s.end])).toEqual([
      ['2024-10-06T01:00:00+10:30', '2024-10-06T02:30:00+11:00'],
      ['2024-10-06T02:30:00+11:00', '2024-10-06T03:00:00+11:00'],
      ['2024-10-06T03:00:00+11:00', '2024-10-06T04:00:00+11:00'],
      ['2024-10-06T04:00:00+11:00', '2024-10-06T05:00:00+11:00'],
    ]);
    const fall = await getTone(t.baseUrl, a, b, {
      bucket: 'hour',
      tz: 'Australia/Lord_Howe',
      from: '2024-04-07T01:00:00+11:00',
      to: '2024-04-07T04:00:00+10:30',
    });
    expect(fall.series.map((s) => [s.start, s.end])).toEqual([
      ['2024-04-07T01:00:00+11:00', '2024-04-07T01:30:00+10:30'],
      ['2024-04-07T01:30:00+10:30', '2024-04-07T02:00:00+10:30'],
      ['2024-04-07T02:00:00+10:30', '2024-04-07T03:00:00+10:30'],
      ['2024-04-07T03:00:00+10:30', '2024-04-07T04:00:00+10:30'],
    ]);
    // Months later the buckets are still on the hour.
    const later = await getTone(t.baseUrl, a, b, {
      bucket: 'hour',
      tz: 'Australia/Lord_Howe',
      from: '2024-12-01',
      to: '2024-12-01T03:00:00+11:00',
    });
    expect(later.series.map((s) => s.start)).toEqual([
      '2024-12-01T00:00:00+11:00',
      '2024-12-01T01:00:00+11:00',
      '2024-12-01T02:00:00+11:00',
    ]);
  });

  it('reads a bare date whose midnight happened twice as the first (America/St_Johns, 2006-10-29)', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    // Between the two midnights: after the first, and on the clock still 28 October.
    await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, occurredAt: '2006-10-28T23:30:00-03:30', tone: 3 }),
    );
    const tz = 'America/St_Johns';
    const parsed = await getTone(t.baseUrl, a, b, {
      bucket: 'day',
      tz,
      from: '2006-10-29',
      to: '2006-10-31',
    });
    expect(parsed.from).toBe('2006-10-29T00:00:00-02:30');
    expect(parsed.series.map((s) => s.start)).toEqual([
      '2006-10-29T00:00:00-02:30',
      '2006-10-30T00:00:00-03:30',
    ]);
    expect(parsed.series[0]?.counts.total).toBe(1);
    // Stepping into the day from before agrees with parsing it, and no bucket ends before `from`.
    const stepped = await getTone(t.baseUrl, a, b, {
      bucket: 'day',
      tz,
      from: '2006-10-28',
      to: '2006-10-31',
    });
    expect(stepped.series.map((s) => s.start)).toEqual([
      '2006-10-28T00:00:00-02:30',
      '2006-10-29T00:00:00-02:30',
      '2006-10-30T00:00:00-03:30',
    ]);
    expect(stepped.series[1]?.counts.total).toBe(1);
    const fromInside = await getTone(t.baseUrl, a, b, {
      bucket: 'day',
      tz,
      from: '2006-10-28T23:15:00-03:30',
      to: '2006-10-31',
    });
    expect(fromInside.series[0]?.start).toBe('2006-10-29T00:00:00-02:30');
    for (const view of [parsed, stepped, fromInside])
      for (const bucket of view.series)
        expect(Date.parse(bucket.end)).toBeGreaterThan(Date.parse(view.from));
    // The records behind the view read the same range.
    const behind = await api(t.baseUrl).get<RecordPageBody>(
      `/dyads/${a}/${b}/records${query({ tz, from: '2006-10-29', to: '2006-10-30' })}`,
    );
    expect(behind.body.items).toHaveLength(1);
  });

  it('reads a bare date without a midnight as the first instant after the gap (America/Sao_Paulo, 2018-11-04)', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const tz = 'America/Sao_Paulo';
    const parsed = await getTone(t.baseUrl, a, b, {
      bucket: 'day',
      tz,
      from: '2018-11-04',
      to: '2018-11-06',
    });
    expect(parsed.from).toBe('2018-11-04T01:00:00-02:00');
    expect(parsed.series.map((s) => s.start)).toEqual([
      '2018-11-04T01:00:00-02:00',
      '2018-11-05T00:00:00-02:00',
    ]);
    const stepped = await getTone(t.baseUrl, a, b, {
      bucket: 'day',
      tz,
      from: '2018-11-03',
      to: '2018-11-05',
    });
    expect(stepped.series.map((s) => s.start)).toEqual([
      '2018-11-03T00:00:00-03:00',
      '2018-11-04T01:00:00-02:00',
    ]);
  });
});
