import { startTestApp, type TestApp } from '../support/app';
import { authHeaders } from '../support/api-keys';
import { api, query } from '../support/client';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import type { ProblemBody, ToneViewBody } from '../support/responses';

/*
 * A tone view near the bucket cap is seconds of work: it must not hold the server, and a
 * view costlier than the configured limit is refused before it is computed.
 */

const DAY = 86_400_000;

async function recordsEveryFewDays(baseUrl: string, count: number): Promise<[string, string]> {
  const [a, b] = await freshDyad(baseUrl);
  for (let i = 0; i < count; i++)
    await createRecord(
      baseUrl,
      recordBody({
        source: a,
        target: b,
        occurredAt: new Date(Date.UTC(2023, 0, 1) + i * 13 * DAY).toISOString(),
        tone: (i % 7) - 3,
      }),
    );
  return [a, b];
}

describe('tone views and the server around them', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /health/live while a tone view near the bucket cap is being computed', async () => {
    const [a, b] = await recordsEveryFewDays(t.baseUrl, 30);
    const client = api(t.baseUrl);
    let toneAnswered = false;
    // 19,700 hour buckets: just under the cap of 20,000.
    const tone = fetch(
      `${t.baseUrl}/dyads/${a}/${b}/tone${query({ bucket: 'hour', from: '2023-01-01', to: '2025-04-01', tz: 'Europe/Moscow' })}`,
      { headers: { authorization: authHeaders().authorization } },
    ).then((response) => {
      // fetch settles on the response's headers: the server has finished the view.
      toneAnswered = true;
      return response;
    });
    let healthWhileComputing = 0;
    while (!toneAnswered) {
      const health = await client.get('/health/live');
      expect(health.status).toBe(200);
      if (!toneAnswered) healthWhileComputing += 1;
    }
    const response = await tone;
    expect(response.status).toBe(200);
    const view = (await response.json()) as ToneViewBody;
    expect(view.series.length).toBeGreaterThan(19_000);
    // One health check may slip in before the view's work starts; a server that holds
    // its event loop for the whole view answers no other while it runs.
    expect(healthWhileComputing).toBeGreaterThanOrEqual(3);
  });
});

describe('a tone view over the cost limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { PARLEY_TONE_MAX_COST: '1000' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is refused with 422 problem+json naming volatilityWindow and the limit; a cheaper one answers', async () => {
    const [a, b] = await recordsEveryFewDays(t.baseUrl, 50);
    const client = api(t.baseUrl);
    const path = (params: Record<string, string | number>): string =>
      `/dyads/${a}/${b}/tone${query({ bucket: 'day', from: '2023-01-01', to: '2025-01-01', ...params })}`;
    // 731 buckets + 50 records + each record in 30 windows: 2,281 > 1,000.
    const refused = await client.get<ProblemBody & { limit: number; cost: number }>(
      path({ volatilityWindow: 30 }),
    );
    expect(refused.status).toBe(422);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors?.map((e) => e.field)).toEqual(['volatilityWindow']);
    expect(refused.body.limit).toBe(1000);
    expect(refused.body.cost).toBe(731 + 50 + 50 * 30);
    expect(refused.body.detail).toContain('1000');
    // 731 + 50 + 50: within the limit.
    const answered = await client.get<ToneViewBody>(path({ volatilityWindow: 1 }));
    expect(answered.status).toBe(200);
    expect(answered.body.series.reduce((n, s) => n + s.counts.total, 0)).toBe(50);
  });
});
