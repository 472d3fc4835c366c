import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { api, type ApiResponse } from '../support/client';
import { pollUntil } from '../support/waiting';
import type { ProblemBody } from '../support/responses';

/** Keys for these tests alone (the apps below accept them), one for each use. */
const KEYS = Array.from({ length: 8 }, (_, i) => `limits-key-${i}-${randomUUID()}`);
const LIMITS_KEYS_ENV = KEYS.map((key) => `${key}:analyst+recorder`).join(',');
let keysUsed = 0;

/** A key no other test uses, so that each test counts against a client of its own. */
function bearer(): Record<string, string> {
  const key = KEYS[keysUsed++];
  if (key === undefined) throw new Error('limits tests: add keys to KEYS');
  return { authorization: `Bearer ${key}` };
}

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
];

/** A list header as its items: Fetch joins repeated and listed values with ", ". */
function listOf(response: { headers: Headers }, name: string): string[] {
  return (response.headers.get(name) ?? '').split(/\s*,\s*/).filter((item) => item !== '');
}

function corsHeadersOf(response: { headers: Headers }): string[] {
  return CORS_HEADERS.filter((name) => response.headers.has(name));
}

function expectSecurityHeaders(response: ApiResponse): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.has('x-powered-by')).toBe(false);
}

describe('rate limiting per client', () => {
  const LIMIT = 3;
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        PARLEY_RATE_LIMIT: String(LIMIT),
        PARLEY_RATE_LIMIT_WINDOW: '1m',
        PARLEY_API_KEYS: LIMITS_KEYS_ENV,
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the request after the limit with 429 problem+json, Retry-After and the limit headers', async () => {
    const client = api(t.baseUrl);
    const headers = bearer();
    for (let i = 1; i <= LIMIT; i++) {
      const allowed = await client.get('/actors', { headers });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
      expect(allowed.headers.get('x-ratelimit-remaining')).toBe(String(LIMIT - i));
    }

    const refused = await client.get<ProblemBody>('/actors', { headers });

    expect(refused.status).toBe(429);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: '/problems/rate-limited',
      title: 'Too many requests',
      status: 429,
      instance: '/actors',
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.detail).toContain(`retry in ${retryAfter} s`);
    expect(refused.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-reset')).toBe(String(retryAfter));
    expectSecurityHeaders(refused);
  });

  it('limits writes too, before the body is looked at', async () => {
    const client = api(t.baseUrl);
    const headers = bearer();
    for (let i = 0; i < LIMIT; i++) await client.post('/actors', {}, { headers });
    const refused = await client.post<ProblemBody>('/actors', {}, { headers });
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe('/problems/rate-limited');
  });

  it('counts each API key on its own', async () => {
    const client = api(t.baseUrl);
    const exhausted = bearer();
    for (let i = 0; i <= LIMIT; i++) await client.get('/actors', { headers: exhausted });
    expect((await client.get('/actors', { headers: exhausted })).status).toBe(429);

    const other = await client.get('/actors', { headers: bearer() });

    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-remaining')).toBe(String(LIMIT - 1));
  });

  it('counts a client without a key, or with a made-up one, by its address, and never limits health checks or metrics', async () => {
    const client = api(t.baseUrl, null);
    for (let i = 0; i < LIMIT; i++) expect((await client.get('/actors')).status).toBe(401);
    expect((await client.get('/actors')).status).toBe(429);
    // Inventing keys buys no fresh allowance: an unknown key counts as its address.
    const madeUp = { authorization: `Bearer made-up-${randomUUID()}` };
    expect((await client.get('/actors', { headers: madeUp })).status).toBe(429);
    // A real key is a client of its own.
    expect((await client.get('/actors', { headers: bearer() })).status).toBe(200);

    for (let i = 0; i < LIMIT * 3; i++) {
      const live = await client.get('/health/live');
      expect(live.status).toBe(200);
      expect(live.headers.has('x-ratelimit-limit')).toBe(false);
    }
    expect((await client.get('/health/ready')).status).toBe(200);
    expect((await client.get('/metrics')).status).toBe(200);
  });
});

describe('rate limiting over a short window', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        PARLEY_RATE_LIMIT: '2',
        PARLEY_RATE_LIMIT_WINDOW: '1s',
        PARLEY_API_KEYS: LIMITS_KEYS_ENV,
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets a client through again once its window has passed', async () => {
    const client = api(t.baseUrl);
    const headers = bearer();
    // A window may roll over between two requests, so ask until refused, within bounds.
    await pollUntil(
      async () => ((await client.get('/actors', { headers })).status === 429 ? true : undefined),
      'a 429',
      2_000,
    );

    const again = await pollUntil(
      async () => {
        const response = await client.get('/actors', { headers });
        return response.status === 200 ? response : undefined;
      },
      'the window to pass',
      3_000,
    );

    expect(again.headers.get('x-ratelimit-remaining')).toBe('1');
  });
});

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('are on an ordinary answer', async () => {
    const response = await api(t.baseUrl).get('/actors');
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
  });

  it('are on a problem answer', async () => {
    const client = api(t.baseUrl);
    const notFound = await client.get('/actors/nobody-here');
    expect(notFound.status).toBe(404);
    expect(notFound.contentType).toMatch(/^application\/problem\+json/);
    expectSecurityHeaders(notFound);

    const invalid = await client.post('/actors', { id: 'x' });
    expect(invalid.status).toBe(400);
    expectSecurityHeaders(invalid);
  });

  it('leave out Strict-Transport-Security unless PARLEY_HSTS=true', async () => {
    const response = await api(t.baseUrl).get('/actors');
    expect(response.headers.has('strict-transport-security')).toBe(false);
    expect(response.headers.get('content-security-policy')).not.toContain(
      'upgrade-insecure-requests',
    );

    const hsts = await startTestApp({ env: { PARLEY_HSTS: 'true' } });
    try {
      const secured = await api(hsts.baseUrl).get('/actors');
      expect(secured.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect(secured.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    } finally {
      await hsts.close();
    }
  });
});

describe('CORS', () => {
  const ALLOWED = 'https://analysts.example.org';
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { PARLEY_CORS_ORIGINS: `${ALLOWED}, http://localhost:5173` },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  function preflight(baseUrl: string, origin: string): Promise<Response> {
    return fetch(`${baseUrl}/records`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
  }

  it("answers an allowed origin's preflight", async () => {
    const response = await preflight(t.baseUrl, ALLOWED);

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(listOf(response, 'access-control-allow-methods')).toEqual(['GET', 'POST', 'DELETE']);
    expect(listOf(response, 'access-control-allow-headers')).toEqual([
      'Authorization',
      'Content-Type',
      'If-Match',
      'Last-Event-ID',
      'X-Request-Id',
    ]);
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.has('access-control-allow-credentials')).toBe(false);
  });

  it("answers an allowed origin's request, exposing the headers a client reads", async () => {
    const response = await api(t.baseUrl).get('/actors', { headers: { origin: ALLOWED } });

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('vary')).toMatch(/origin/i);
    expect(listOf(response, 'access-control-expose-headers')).toEqual(
      expect.arrayContaining(['ETag', 'Location', 'Retry-After', 'X-Request-Id']),
    );
  });

  it('gives a foreign origin no CORS headers', async () => {
    const foreign = 'https://evil.example.com';
    const request = await api(t.baseUrl).get('/actors', { headers: { origin: foreign } });
    expect(corsHeadersOf(request)).toEqual([]);
    const refused = await preflight(t.baseUrl, foreign);
    expect(corsHeadersOf(refused)).toEqual([]);
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const plain = await startTestApp();
    try {
      const request = await api(plain.baseUrl).get('/actors', { headers: { origin: ALLOWED } });
      expect(request.status).toBe(200);
      expect(corsHeadersOf(request)).toEqual([]);
      const refused = await preflight(plain.baseUrl, ALLOWED);
      expect(corsHeadersOf(refused)).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
