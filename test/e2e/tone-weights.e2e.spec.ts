import type { components } from '../../src/page/assets/api-types';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import { bucketAt, getTone } from '../support/reads';

type EventReportsBody = components['schemas']['EventReports'];

const DAY1 = '2025-03-01T00:00:00Z';
const DAY2 = '2025-03-02T00:00:00Z';
const DAY3 = '2025-03-03T00:00:00Z';
const RANGE = { from: '2025-03-01', to: '2025-03-04', bucket: 'day', tz: 'UTC' };

/** A dataset row as an importer would POST it: an action with an origin and no quote. */
function datasetAction(
  source: string,
  target: string,
  row: { occurredAt: string; code: string; tone?: number; origin: Record<string, unknown> },
) {
  return recordBody({
    source,
    target,
    kind: 'action',
    quote: undefined,
    occurredAt: row.occurredAt,
    precision: 'day',
    citation: { outlet: 'Dataset', title: 'An event' },
    code: row.code,
    tone: row.tone,
    origin: row.origin,
  });
}

describe('tone views under weights, rootOnly and count=events', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  const ids: Record<'g1' | 'g2' | 'g3' | 'hand' | 'i1' | 'i2', string> = {
    g1: '',
    g2: '',
    g3: '',
    hand: '',
    i1: '',
    i2: '',
  };

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await freshDyad(t.baseUrl);
    const gdelt = (id: string, extra: Record<string, unknown>) => ({
      dataset: 'gdelt2',
      id,
      url: `https://example.org/article-${id}`,
      addedAt: '2025-03-01T00:15:00Z',
      ...extra,
    });
    const rows = {
      // Day 1: GDELT reports 101 and 102 of one event (same day, dyad, code 190) ...
      g1: datasetAction(a, b, {
        occurredAt: DAY1,
        code: '190',
        tone: -4,
        origin: gdelt('101', { mentions: 1, root: true, intensity: -10 }),
      }),
      g2: datasetAction(a, b, {
        occurredAt: DAY1,
        code: '190',
        tone: -2,
        origin: gdelt('102', { mentions: 3, root: false, intensity: -10 }),
      }),
      // ... another event the same day (code 173) ...
      g3: datasetAction(a, b, {
        occurredAt: DAY1,
        code: '173',
        tone: 2,
        origin: gdelt('103', { mentions: 2, root: true, intensity: -5 }),
      }),
      // ... and a hand-coded statement (intensity 0 without a code, tone 1, weighs 1, root).
      hand: recordBody({ source: a, target: b, occurredAt: '2025-03-01T12:00:00Z', tone: 1 }),
      // ICEWS repeats Event ID E9 on days 2 and 3: one event, at day 2.
      i1: datasetAction(a, b, {
        occurredAt: DAY2,
        code: '190',
        origin: { dataset: 'icews', id: 'E9', intensity: -10 },
      }),
      i2: datasetAction(a, b, {
        occurredAt: DAY3,
        code: '190',
        origin: { dataset: 'icews', id: 'E9', intensity: -8 },
      }),
    };
    for (const [name, body] of Object.entries(rows)) {
      ids[name as keyof typeof ids] = (await createRecord(t.baseUrl, body)).id;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const day = async (params: Record<string, string>, start = '2025-03-01T00:00:00Z') =>
    bucketAt(await getTone(t.baseUrl, a, b, { ...RANGE, ...params }), start);

  it('answers today’s numbers by default, and says which parameters it answered', async () => {
    const view = await getTone(t.baseUrl, a, b, RANGE);
    expect(view).toMatchObject({ weight: 'none', rootOnly: false, count: 'reports' });
    const explicit = await getTone(t.baseUrl, a, b, {
      ...RANGE,
      weight: 'none',
      rootOnly: 'false',
      count: 'reports',
    });
    expect(explicit.series).toEqual(view.series);
    const first = bucketAt(view, '2025-03-01T00:00:00Z');
    expect(first.counts).toEqual({ statement: 1, threat: 0, denial: 0, action: 3, total: 4 });
    // (−10 − 10 − 5 + 0) / 4; tone (−4 − 2 + 2 + 1) / 4
    expect(first.intensity).toMatchObject({ mean: -6.25, n: 4, sum: -25, min: -10, max: 0 });
    expect(first.tone).toMatchObject({ mean: -0.75, n: 4, sum: -3 });
  });

  it('weighs means by mentions, a record without them weighing 1; counts, n, sum, min and max do not weigh', async () => {
    const first = await day({ weight: 'mentions' });
    expect(first.counts.total).toBe(4);
    // (−10·1 − 10·3 − 5·2 + 0·1) / 7 = −7.142857…; tone (−4 − 6 + 4 + 1) / 7 = −0.714285…
    expect(first.intensity).toMatchObject({ mean: -7.143, n: 4, sum: -25, min: -10, max: 0 });
    expect(first.tone).toMatchObject({ mean: -0.714, n: 4, sum: -3 });
    // sources and articles are absent on every row: each weighs 1, today's means.
    expect((await day({ weight: 'sources' })).intensity.mean).toBe(-6.25);
  });

  it('keeps only root events with rootOnly=true (hand-coded records count as root)', async () => {
    const first = await day({ rootOnly: 'true' });
    expect(first.counts).toEqual({ statement: 1, threat: 0, denial: 0, action: 2, total: 3 });
    // G1, G3 and the statement: (−10 − 5 + 0) / 3; tone (−4 + 2 + 1) / 3
    expect(first.intensity).toMatchObject({ mean: -5, n: 3 });
    expect(first.tone).toMatchObject({ mean: -0.333, n: 3 });
  });

  it('counts each event once with count=events, at its first report, with the mean of its reports', async () => {
    const view = await getTone(t.baseUrl, a, b, { ...RANGE, count: 'events' });
    const [first, second, third] = view.series;
    // events: {G1, G2} (−10, tone −3), G3 (−5, 2), the statement (0, 1)
    expect(first?.counts).toEqual({ statement: 1, threat: 0, denial: 0, action: 2, total: 3 });
    expect(first?.intensity).toMatchObject({ mean: -5, n: 3, sum: -15 });
    expect(first?.tone).toMatchObject({ mean: 0, n: 3 });
    // ICEWS E9 on days 2 and 3 is one event on day 2, of intensity (−10 − 8) / 2
    expect(second?.counts.total).toBe(1);
    expect(second?.intensity).toMatchObject({ mean: -9, n: 1 });
    expect(third?.counts.total).toBe(0);
    // Reports count both rows, each on its own day.
    const reports = await getTone(t.baseUrl, a, b, RANGE);
    expect(reports.series.map((s) => s.counts.total)).toEqual([4, 1, 1]);
    // A range that starts after the event's first report does not count it, though it
    // holds a later report; its reports read there count it as any other row.
    const lateRange = { ...RANGE, from: '2025-03-03' };
    const late = await getTone(t.baseUrl, a, b, { ...lateRange, count: 'events' });
    expect(late.series.map((s) => s.counts.total)).toEqual([0]);
    const lateReports = await getTone(t.baseUrl, a, b, lateRange);
    expect(lateReports.series.map((s) => s.counts.total)).toEqual([1]);
  });

  it('combines count=events with a weight: the event weighs its heaviest report', async () => {
    const first = await day({ count: 'events', weight: 'mentions' });
    // {G1, G2}: −10, tone (−4·1 − 2·3) / 4 = −2.5, weighs 3; G3: −5, 2, weighs 2; the statement 0, 1, weighs 1.
    // intensity (−30 − 10 + 0) / 6 = −6.667; tone (−7.5 + 4 + 1) / 6 = −0.41666…
    expect(first.intensity).toMatchObject({ mean: -6.667, n: 3 });
    expect(first.tone).toMatchObject({ mean: -0.417, n: 3 });
  });

  it('shows the reports of an event, each with its source URL', async () => {
    const client = api(t.baseUrl);
    const response = await client.get<EventReportsBody>(`/records/${ids.g2}/reports`);
    expect(response.status).toBe(200);
    expect(response.body.recordId).toBe(ids.g2);
    const byId = [...response.body.reports].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId).toEqual(
      [
        { id: ids.g1, origin: '101' },
        { id: ids.g2, origin: '102' },
      ]
        .sort((x, y) => (x.id < y.id ? -1 : 1))
        .map(({ id, origin }) => ({
          id,
          occurredAt: DAY1,
          recordedAt: expect.any(String) as string,
          origin: {
            dataset: 'gdelt2',
            id: origin,
            url: `https://example.org/article-${origin}`,
            addedAt: '2025-03-01T00:15:00Z',
          },
        })),
    );

    const icews = await client.get<EventReportsBody>(`/records/${ids.i1}/reports`);
    expect(icews.body.reports.map((r) => r.id)).toEqual([ids.i1, ids.i2]);

    const own = await client.get<EventReportsBody>(`/records/${ids.hand}/reports`);
    expect(own.body.reports).toEqual([
      {
        id: ids.hand,
        occurredAt: expect.any(String) as string,
        recordedAt: expect.any(String) as string,
      },
    ]);

    const unknown = await client.get(`/records/00000000-0000-4000-8000-000000000000/reports`);
    expect(unknown.status).toBe(404);
  });

  it.each([
    ['weight', 'heavy'],
    ['count', 'all'],
    ['rootOnly', 'maybe'],
  ])('answers 400 naming %s for an unknown value', async (field, value) => {
    const response = await api(t.baseUrl).get<{ errors: { field: string }[] }>(
      `/dyads/${a}/${b}/tone?${field}=${value}`,
    );
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e) => e.field)).toEqual([field]);
  });
});
