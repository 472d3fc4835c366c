import type { TestApp } from '../support/app';
import { api } from '../support/client';
import {
  actorId,
  affiliate,
  createRecord,
  recordBody,
  registerActors,
  freshDyad,
} from '../support/builders';
import { bucketAt, getTone, totalCount } from '../support/reads';
import type { RecordBody } from '../support/responses';
import { backends } from '../support/backends';

const HOUR = 3_600_000;

describe.each(backends())('tone over time ($name)', (backend) => {
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

  it('counts each kind and scores intensity from the CAMEO code (013 +0.4, 1312 −5.8, 016 −2.0), tone apart', async () => {
    const [a, b] = await dyad();
    const statement = await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        occurredAt: '2025-01-05T10:00:00Z',
        code: '013',
        tone: 4,
      }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'threat',
        occurredAt: '2025-01-12T10:00:00Z',
        code: '1312',
        tone: -7,
      }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'denial',
        occurredAt: '2025-01-20T10:00:00Z',
        code: '016',
      }),
    );

    const view = await getTone(t.baseUrl, a, b, { from: '2025-01-01', to: '2025-03-01' });
    expect(view).toMatchObject({
      source: a,
      target: b,
      mode: 'directed',
      bucket: 'month',
      tz: 'UTC',
      halfLife: 'P30D',
      asOf: null,
    });
    expect(view.series.map((s) => s.start)).toEqual([
      '2025-01-01T00:00:00Z',
      '2025-02-01T00:00:00Z',
    ]);
    const january = bucketAt(view, '2025-01-01T00:00:00Z');
    expect(january.end).toBe('2025-02-01T00:00:00Z');
    expect(january.counts).toEqual({ statement: 1, threat: 1, denial: 1, action: 0, total: 3 });
    // (0.4 − 5.8 − 2.0) / 3 = −2.4667
    expect(january.intensity).toMatchObject({ mean: -2.467, min: -5.8, max: 0.4, sum: -7.4, n: 3 });
    // The denial has no tone: the tone series counts two of the three records.
    expect(january.tone).toMatchObject({ mean: -1.5, min: -7, max: 4, sum: -3, n: 2 });

    const record = (await api(t.baseUrl).get<RecordBody>(`/records/${statement.id}`)).body;
    expect(record).toMatchObject({
      intensity: 0.4,
      intensitySource: 'cameo',
      intensityCode: '013',
    });
  });

  it('scores a record without a code by its kind: statement 0, threat −4.4, denial −2', async () => {
    const [a, b] = await dyad();
    await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, occurredAt: '2025-06-02T08:00:00Z' }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, kind: 'threat', occurredAt: '2025-06-03T08:00:00Z' }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, kind: 'denial', occurredAt: '2025-06-04T08:00:00Z' }),
    );

    const view = await getTone(t.baseUrl, a, b, { from: '2025-06-01', to: '2025-07-01' });
    expect(view.series).toHaveLength(1);
    const june = bucketAt(view, '2025-06-01T00:00:00Z');
    expect(june.counts).toEqual({ statement: 1, threat: 1, denial: 1, action: 0, total: 3 });
    // (0 − 4.4 − 2) / 3 = −2.1333
    expect(june.intensity).toMatchObject({ mean: -2.133, min: -4.4, max: 0, sum: -6.4, n: 3 });
    expect(june.tone).toEqual({
      mean: null,
      min: null,
      max: null,
      sum: 0,
      n: 0,
      ewma: null,
      volatility: null,
    });
  });

  it('carries an exponentially weighted mean with the stated half-life through empty buckets', async () => {
    const [a, b] = await dyad();
    // Two points exactly 30 days apart (10 Jan + 30 days = 9 Feb).
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        occurredAt: '2025-01-10T12:00:00Z',
        code: '013',
        tone: 3,
      }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'threat',
        occurredAt: '2025-02-09T12:00:00Z',
        code: '1312',
        tone: -6,
      }),
    );

    const view = await getTone(t.baseUrl, a, b, {
      from: '2025-01-01',
      to: '2025-05-01',
      halfLife: 'P30D',
    });
    expect(view.series.map((s) => s.start)).toEqual([
      '2025-01-01T00:00:00Z',
      '2025-02-01T00:00:00Z',
      '2025-03-01T00:00:00Z',
      '2025-04-01T00:00:00Z',
    ]);
    const [jan, feb, mar, apr] = view.series;
    expect(jan?.intensity.ewma).toBe(0.4);
    expect(jan?.tone.ewma).toBe(3);
    // With half-life P30D the first point is one half-life old when the second arrives,
    // so it weighs 0.5 against the new point's 1:
    //   intensity (0.4 × 0.5 + (−5.8) × 1) / 1.5 = −5.6 / 1.5 = −3.7333
    //   tone      (3 × 0.5 + (−6) × 1) / 1.5    = −4.5 / 1.5 = −3
    expect(feb?.intensity.ewma).toBe(-3.733);
    expect(feb?.tone.ewma).toBe(-3);
    // Quiet months keep the last known climate, and are present with zero counts. The
    // rolling volatility (three months by default) still sees January and February in
    // March: intensity {0.4, −5.8} → 6.2 / √2 ≈ 4.38406, tone {3, −6} → 9 / √2 ≈ 6.36396;
    // April's window (February to April) holds one record, too few for a spread.
    expect(view.volatilityWindow).toBe(3);
    expect(jan?.intensity.volatility).toBeNull();
    expect([feb?.intensity.volatility, feb?.tone.volatility]).toEqual([4.384, 6.364]);
    for (const [quiet, intensityVolatility, toneVolatility] of [
      [mar, 4.384, 6.364],
      [apr, null, null],
    ] as const) {
      expect(quiet?.counts).toEqual({ statement: 0, threat: 0, denial: 0, action: 0, total: 0 });
      expect(quiet?.intensity).toEqual({
        mean: null,
        min: null,
        max: null,
        sum: 0,
        n: 0,
        ewma: -3.733,
        volatility: intensityVolatility,
      });
      expect(quiet?.tone).toEqual({
        mean: null,
        min: null,
        max: null,
        sum: 0,
        n: 0,
        ewma: -3,
        volatility: toneVolatility,
      });
    }

    // With half-life P15D the first point has aged two half-lives and weighs 0.25:
    //   intensity (0.4 × 0.25 − 5.8) / 1.25 = −4.56;  tone (3 × 0.25 − 6) / 1.25 = −4.2
    const faster = await getTone(t.baseUrl, a, b, {
      from: '2025-02-01',
      to: '2025-03-01',
      halfLife: 'P15D',
    });
    expect(faster.halfLife).toBe('P15D');
    expect(faster.series[0]?.intensity.ewma).toBe(-4.56);
    expect(faster.series[0]?.tone.ewma).toBe(-4.2);
  });

  it('takes the rolling volatility window in buckets and refuses one that is not a positive whole number', async () => {
    const [a, b] = await dyad();
    for (const [occurredAt, tone] of [
      ['2025-03-03T09:00:00Z', -2],
      ['2025-03-04T09:00:00Z', -6],
      ['2025-03-06T09:00:00Z', -7],
    ] as const)
      await createRecord(t.baseUrl, recordBody({ source: a, target: b, occurredAt, tone }));

    const daily = (volatilityWindow?: number) =>
      getTone(t.baseUrl, a, b, {
        from: '2025-03-03',
        to: '2025-03-07',
        bucket: 'day',
        volatilityWindow,
      }).then((view) => view.series.map((s) => s.tone.volatility));
    // Three days back: 3rd {−2}; 4th {−2, −6} → 4 / √2 ≈ 2.82843; 5th the same;
    // 6th {−6, −7} (the 3rd has left the window) → 1 / √2 ≈ 0.70711
    expect(await daily()).toEqual([null, 2.828, 2.828, 0.707]);
    // Four days back the 6th still holds all three: mean −5, Σd² = 9 + 1 + 4 = 14, √7 ≈ 2.64575
    expect(await daily(4)).toEqual([null, 2.828, 2.828, 2.646]);

    for (const bad of ['0', '1.5', 'many', '367']) {
      const response = await api(t.baseUrl).get<{ errors: { field: string }[] }>(
        `/dyads/${a}/${b}/tone?volatilityWindow=${bad}`,
      );
      expect([bad, response.status]).toEqual([bad, 400]);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(new Set(response.body.errors.map((e) => e.field))).toEqual(
        new Set(['volatilityWindow']),
      );
    }
  });

  it('gives every bucket of a range, with zero counts, for a dyad with no records', async () => {
    const [a, b] = await dyad();
    const view = await getTone(t.baseUrl, a, b, {
      from: '2024-01-01',
      to: '2025-01-01',
      bucket: 'month',
    });
    expect(view.series).toHaveLength(12);
    for (const bucket of view.series) {
      expect(bucket.counts).toEqual({ statement: 0, threat: 0, denial: 0, action: 0, total: 0 });
      expect(bucket.intensity).toEqual({
        mean: null,
        min: null,
        max: null,
        sum: 0,
        n: 0,
        ewma: null,
        volatility: null,
      });
    }
    expect(view.series[0]?.start).toBe('2024-01-01T00:00:00Z');
    expect(view.series[11]?.end).toBe('2025-01-01T00:00:00Z');
  });

  it('cuts buckets at Moscow calendar boundaries across the 2010 end of summer time', async () => {
    const [a, b] = await dyad();
    // Moscow left summer time (+04:00 → +03:00) at 03:00 local on 31 Oct 2010.
    const at = {
      lateOn30th: '2010-10-30T23:30:00+04:00', // 19:30Z on the 30th
      earlyOn31st: '2010-10-31T00:30:00+04:00', // 20:30Z on the 30th: already the 31st in Moscow
      lateOn31st: '2010-10-31T23:30:00+03:00', // 20:30Z on the 31st
      earlyNovember: '2010-11-01T00:30:00+03:00', // 21:30Z on 31 Oct: November in Moscow, October in UTC
    };
    for (const occurredAt of Object.values(at))
      await createRecord(t.baseUrl, recordBody({ source: a, target: b, occurredAt }));

    const months = await getTone(t.baseUrl, a, b, {
      from: '2010-09-01',
      to: '2010-12-01',
      tz: 'Europe/Moscow',
    });
    expect(months.series.map((s) => [s.start, s.end])).toEqual([
      ['2010-09-01T00:00:00+04:00', '2010-10-01T00:00:00+04:00'],
      ['2010-10-01T00:00:00+04:00', '2010-11-01T00:00:00+03:00'],
      ['2010-11-01T00:00:00+03:00', '2010-12-01T00:00:00+03:00'],
    ]);
    expect(months.series.map((s) => s.counts.total)).toEqual([0, 3, 1]);

    const days = await getTone(t.baseUrl, a, b, {
      from: '2010-10-30',
      to: '2010-11-02',
      tz: 'Europe/Moscow',
      bucket: 'day',
    });
    expect(days.series.map((s) => [s.start, s.end])).toEqual([
      ['2010-10-30T00:00:00+04:00', '2010-10-31T00:00:00+04:00'],
      ['2010-10-31T00:00:00+04:00', '2010-11-01T00:00:00+03:00'],
      ['2010-11-01T00:00:00+03:00', '2010-11-02T00:00:00+03:00'],
    ]);
    const day31 = bucketAt(days, '2010-10-31T00:00:00+04:00');
    expect(Date.parse(day31.end) - Date.parse(day31.start)).toBe(25 * HOUR);
    expect(days.series.map((s) => s.counts.total)).toEqual([1, 2, 1]);

    // The same records cut in UTC fall otherwise: all four are October there.
    const utc = await getTone(t.baseUrl, a, b, { from: '2010-10-01', to: '2010-11-01' });
    expect(totalCount(utc)).toBe(4);
  });

  it('cuts buckets at New York calendar boundaries across both 2025 DST changes', async () => {
    const [a, b] = await dyad();
    const at = {
      lastOfFebruary: '2025-02-28T23:30:00-05:00', // 04:30Z on 1 Mar
      firstOfMarch: '2025-03-01T00:30:00-05:00',
      lastOfMarch: '2025-03-31T23:30:00-04:00', // 03:30Z on 1 Apr
      lateOnNov1: '2025-11-01T23:30:00-04:00', // 03:30Z on 2 Nov
      lateOnNov2: '2025-11-02T23:30:00-05:00', // 04:30Z on 3 Nov: still the 25-hour 2 Nov
      midnightNov3: '2025-11-03T00:00:00-05:00', // 05:00Z: the first instant of 3 Nov
    };
    for (const occurredAt of Object.values(at))
      await createRecord(t.baseUrl, recordBody({ source: a, target: b, occurredAt }));
    const tz = 'America/New_York';

    const spring = await getTone(t.baseUrl, a, b, { from: '2025-02-01', to: '2025-05-01', tz });
    expect(spring.series.map((s) => [s.start, s.end, s.counts.total])).toEqual([
      ['2025-02-01T00:00:00-05:00', '2025-03-01T00:00:00-05:00', 1],
      ['2025-03-01T00:00:00-05:00', '2025-04-01T00:00:00-04:00', 2],
      ['2025-04-01T00:00:00-04:00', '2025-05-01T00:00:00-04:00', 0],
    ]);

    const autumn = await getTone(t.baseUrl, a, b, { from: '2025-10-01', to: '2025-12-01', tz });
    expect(autumn.series.map((s) => [s.start, s.end, s.counts.total])).toEqual([
      ['2025-10-01T00:00:00-04:00', '2025-11-01T00:00:00-04:00', 0],
      ['2025-11-01T00:00:00-04:00', '2025-12-01T00:00:00-05:00', 3],
    ]);

    const days = await getTone(t.baseUrl, a, b, {
      from: '2025-11-01',
      to: '2025-11-04',
      tz,
      bucket: 'day',
    });
    expect(days.series.map((s) => [s.start, s.end, s.counts.total])).toEqual([
      ['2025-11-01T00:00:00-04:00', '2025-11-02T00:00:00-04:00', 1],
      ['2025-11-02T00:00:00-04:00', '2025-11-03T00:00:00-05:00', 1],
      ['2025-11-03T00:00:00-05:00', '2025-11-04T00:00:00-05:00', 1],
    ]);
    const nov2 = bucketAt(days, '2025-11-02T00:00:00-04:00');
    expect(Date.parse(nov2.end) - Date.parse(nov2.start)).toBe(25 * HOUR);
    // The view's own range is the bare dates read as New York midnights.
    expect(days.from).toBe('2025-11-01T00:00:00-04:00');
    expect(days.to).toBe('2025-11-04T00:00:00-05:00');
  });

  it('sums both directions in mode=pair', async () => {
    const [a, b] = await dyad();
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        occurredAt: '2025-04-02T10:00:00Z',
        code: '013',
        tone: 2,
      }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({
        source: a,
        target: b,
        kind: 'threat',
        occurredAt: '2025-04-03T10:00:00Z',
        tone: -6,
      }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({
        source: b,
        target: a,
        kind: 'denial',
        occurredAt: '2025-04-04T10:00:00Z',
        tone: -4,
      }),
    );
    const range = { from: '2025-04-01', to: '2025-05-01' };

    const ab = await getTone(t.baseUrl, a, b, range);
    const ba = await getTone(t.baseUrl, b, a, range);
    const pair = await getTone(t.baseUrl, a, b, { ...range, mode: 'pair' });
    const pairReversed = await getTone(t.baseUrl, b, a, { ...range, mode: 'pair' });
    expect(ab.series[0]?.counts).toEqual({
      statement: 1,
      threat: 1,
      denial: 0,
      action: 0,
      total: 2,
    });
    expect(ba.series[0]?.counts).toEqual({
      statement: 0,
      threat: 0,
      denial: 1,
      action: 0,
      total: 1,
    });
    expect(pair.mode).toBe('pair');
    expect(pair.series[0]?.counts).toEqual({
      statement: 1,
      threat: 1,
      denial: 1,
      action: 0,
      total: 3,
    });
    // (0.4 − 4.4 − 2) / 3 = −2; tone (2 − 6 − 4) / 3 = −2.667
    expect(pair.series[0]?.intensity).toMatchObject({ mean: -2, sum: -6, n: 3 });
    expect(pair.series[0]?.tone).toMatchObject({ mean: -2.667, sum: -8, n: 3 });
    expect(pairReversed.series).toEqual(pair.series);
  });

  it('rolls up along the affiliations valid at the time of each record', async () => {
    const person = actorId('p');
    const government = actorId('g');
    const state = actorId('s');
    const other = actorId('x');
    await registerActors(
      t.baseUrl,
      [person, 'person'],
      [government, 'government'],
      [state, 'state'],
      [other, 'state'],
    );
    await affiliate(t.baseUrl, government, state, '2000-01-01');
    await affiliate(t.baseUrl, person, government, '2025-01-20');
    await createRecord(
      t.baseUrl,
      recordBody({ source: person, target: other, occurredAt: '2025-01-10T12:00:00Z', tone: 5 }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({
        source: person,
        target: other,
        kind: 'threat',
        occurredAt: '2025-02-01T12:00:00Z',
        tone: -5,
      }),
    );
    const range = { from: '2025-01-01', to: '2025-03-01' };

    const rollup = await getTone(t.baseUrl, state, other, { ...range, mode: 'rollup' });
    expect(rollup.mode).toBe('rollup');
    expect(rollup.series.map((s) => s.counts)).toEqual([
      { statement: 0, threat: 0, denial: 0, action: 0, total: 0 }, // 10 Jan: before the person heads the government
      { statement: 0, threat: 1, denial: 0, action: 0, total: 1 }, // 1 Feb: after
    ]);
    expect(rollup.series[1]?.tone).toMatchObject({ mean: -5, n: 1 });

    const governmentRollup = await getTone(t.baseUrl, government, other, {
      ...range,
      mode: 'rollup',
    });
    expect(governmentRollup.series.map((s) => s.counts.total)).toEqual([0, 1]);
    const directed = await getTone(t.baseUrl, state, other, range);
    expect(totalCount(directed)).toBe(0);
    const personDirected = await getTone(t.baseUrl, person, other, range);
    expect(personDirected.series.map((s) => s.counts.total)).toEqual([1, 1]);
  });
});
