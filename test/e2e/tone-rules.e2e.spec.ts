import { startTestApp, type TestApp } from '../support/app';
import { api, query } from '../support/client';
import {
  affiliate,
  createRecord,
  freshDyad,
  recordBody,
  registerActors,
  actorId,
} from '../support/builders';
import { getTone } from '../support/reads';

/*
 * The tone view's and the summary's rules as README states them ("Time", "Rounding",
 * "Summary"): each written out here from the README's words, sharing no code with parley.
 */

const DAY = 86_400_000;

interface Valued {
  readonly at: string;
  readonly v: number;
}

/** Σ v·2^(t/h) / Σ 2^(t/h), rounded to 3 decimals, or null without values. */
function ewma(values: readonly Valued[], halfLifeMs: number): number | null {
  if (values.length === 0) return null;
  const latest = Math.max(...values.map((p) => Date.parse(p.at)));
  let weighted = 0;
  let total = 0;
  for (const p of values) {
    const w = 2 ** ((Date.parse(p.at) - latest) / halfLifeMs);
    weighted += w * p.v;
    total += w;
  }
  return round(weighted / total);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000 || 0;
}

interface SummaryMeasure {
  climate: number | null;
  climateBefore: number | null;
  change: number | null;
  trend: string | null;
  volatility: number | null;
}

interface SummaryBody {
  counts: { total: number };
  tone: SummaryMeasure;
  threats: { open: number; lapsed: number; carriedOut: number; withdrawn: number };
}

describe('tone view and summary rules', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const write = async (
    a: string,
    b: string,
    at: string,
    tone: number,
    extra: Record<string, unknown> = {},
  ) =>
    createRecord(t.baseUrl, recordBody({ source: a, target: b, occurredAt: at, tone, ...extra }));

  it('writes partial first and last buckets with their calendar bounds, counting only [from, to)', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    await write(a, b, '2025-01-05T00:00:00Z', 1);
    await write(a, b, '2025-01-20T00:00:00Z', 1);
    await write(a, b, '2025-02-10T00:00:00Z', 2);
    await write(a, b, '2025-02-20T00:00:00Z', 2);
    const view = await getTone(t.baseUrl, a, b, {
      bucket: 'month',
      from: '2025-01-10',
      to: '2025-02-15',
    });
    expect(view.series.map((s) => [s.start, s.end, s.counts.total])).toEqual([
      ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z', 1],
      ['2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z', 1],
    ]);
  });

  it('defaults from to the first record and to to now', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    await write(a, b, '2024-03-15T12:00:00Z', 1);
    await write(a, b, '2025-06-15T12:00:00Z', 2);
    const view = await getTone(t.baseUrl, a, b, { bucket: 'year' });
    expect(view.from).toBe('2024-03-15T12:00:00Z');
    expect(view.series[0]?.start).toBe('2024-01-01T00:00:00Z');
    expect(Date.parse(view.to)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(view.to)).toBeGreaterThan(Date.now() - DAY);
    expect(view.series.reduce((n, s) => n + s.counts.total, 0)).toBe(2);
  });

  it('rounds means, sums and weighted lines to 3 decimals, leaves min and max as recorded', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    for (const tone of [1, 1, 2.25]) await write(a, b, '2025-01-05T00:00:00Z', tone);
    const [bucket] = (
      await getTone(t.baseUrl, a, b, { bucket: 'month', from: '2025-01-01', to: '2025-02-01' })
    ).series;
    expect(bucket?.tone).toMatchObject({ mean: 1.417, sum: 4.25, min: 1, max: 2.25, ewma: 1.417 });
  });

  it('counts P1M as 30 days and P1Y as 365 days of half-life', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    await write(a, b, '2024-01-01T00:00:00Z', -8);
    await write(a, b, '2024-11-20T00:00:00Z', 6);
    const ewmaOf = async (halfLife: string) =>
      (
        await getTone(t.baseUrl, a, b, {
          bucket: 'year',
          from: '2024-01-01',
          to: '2025-01-01',
          halfLife,
        })
      ).series[0]?.tone.ewma;
    const values = [
      { at: '2024-01-01T00:00:00Z', v: -8 },
      { at: '2024-11-20T00:00:00Z', v: 6 },
    ];
    expect(await ewmaOf('P1M')).toBe(ewma(values, 30 * DAY));
    expect(await ewmaOf('P1Y')).toBe(ewma(values, 365 * DAY));
    expect(await ewmaOf('P1M')).not.toBe(await ewmaOf('P1Y'));
  });

  it('rolls up one direction only: the members of the target speaking to the source do not count', async () => {
    const [state, other] = [actorId('s'), actorId('o')];
    const [member, otherMember] = [actorId('m'), actorId('n')];
    await registerActors(t.baseUrl, [state, 'state'], [other, 'state'], member, otherMember);
    await affiliate(t.baseUrl, member, state, '2020-01-01T00:00:00Z');
    await affiliate(t.baseUrl, otherMember, other, '2020-01-01T00:00:00Z');
    await write(member, otherMember, '2025-01-05T00:00:00Z', 3);
    await write(otherMember, member, '2025-01-06T00:00:00Z', -3);
    const range = { bucket: 'month', from: '2025-01-01', to: '2025-02-01' };
    const there = await getTone(t.baseUrl, state, other, { ...range, mode: 'rollup' });
    const back = await getTone(t.baseUrl, other, state, { ...range, mode: 'rollup' });
    expect(there.series[0]?.tone).toMatchObject({ n: 1, mean: 3 });
    expect(back.series[0]?.tone).toMatchObject({ n: 1, mean: -3 });
  });

  it('reads climate, climate one window before, change and trend as the README states', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const values: Valued[] = [
      { at: '2024-06-01T00:00:00Z', v: -6 },
      { at: '2024-08-01T00:00:00Z', v: -4 },
      { at: '2024-12-01T00:00:00Z', v: 2 },
      { at: '2025-01-10T00:00:00Z', v: 5 },
    ];
    for (const p of values) await write(a, b, p.at, p.v);
    const summary = await api(t.baseUrl).get<SummaryBody>(
      `/dyads/${a}/${b}/summary${query({ window: 'P90D', halfLife: 'P30D' })}`,
    );
    expect(summary.status).toBe(200);
    const windowStart = Date.parse('2025-01-10T00:00:00Z') - 90 * DAY;
    const climate = ewma(values, 30 * DAY);
    const climateBefore = ewma(
      values.filter((p) => Date.parse(p.at) < windowStart),
      30 * DAY,
    );
    const change = round((climate ?? 0) - (climateBefore ?? 0));
    expect(summary.body.tone).toMatchObject({ climate, climateBefore, change, trend: 'warming' });
    // Sample standard deviation of the window's values (2 and 5).
    expect(summary.body.tone.volatility).toBe(
      round(Math.sqrt(((2 - 3.5) ** 2 + (5 - 3.5) ** 2) / 1)),
    );
  });

  it('calls a move under 0.5 steady, and a drop cooling', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    await write(a, b, '2024-01-01T00:00:00Z', 1);
    await write(a, b, '2024-12-01T00:00:00Z', 1.4);
    const [c, d] = await freshDyad(t.baseUrl);
    await write(c, d, '2024-01-01T00:00:00Z', 1);
    await write(c, d, '2024-12-01T00:00:00Z', -3);
    const trend = async (s: string, u: string) =>
      (await api(t.baseUrl).get<SummaryBody>(`/dyads/${s}/${u}/summary`)).body.tone;
    expect(await trend(a, b)).toMatchObject({ change: 0.4, trend: 'steady' });
    expect(await trend(c, d)).toMatchObject({ trend: 'cooling' });
  });

  it('lapses a threat at its deadline when no outcome is recorded', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const terms = { instrument: 'tariff', magnitude: '50%', condition: 'no ceasefire' };
    await write(a, b, '2025-01-05T00:00:00Z', -5, {
      kind: 'threat',
      threat: { ...terms, deadline: '2025-02-01T00:00:00Z' },
    });
    await write(a, b, '2025-01-06T00:00:00Z', -5, {
      kind: 'threat',
      threat: { ...terms, deadline: '2099-01-01T00:00:00Z' },
    });
    const summary = await api(t.baseUrl).get<SummaryBody>(`/dyads/${a}/${b}/summary`);
    expect(summary.body.threats).toMatchObject({ open: 1, lapsed: 1, carriedOut: 0, withdrawn: 0 });
  });
});
