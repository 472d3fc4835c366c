import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { hashApiKey, keyIdOf } from '../../src/config/api-key-entries';
import type { Role } from '../../src/config/roles';
import { ROLES } from '../../src/config/roles';
import { RouteCatalog, type CatalogRoute } from '../../src/auth/route-catalog';
import { TEST_KEYS, type TestKeyName } from '../support/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { api, raw, type ApiResponse } from '../support/client';
import { actorId, createRecord, recordBody, registerActors } from '../support/builders';
import type { ProblemBody } from '../support/responses';

jest.setTimeout(120_000);

/** A request a route answers successfully, built afresh for each call (writes need fresh ids). */
interface RouteCall {
  readonly path: string;
  readonly body?: unknown;
  /** What the route answers a caller it lets in; 2xx unless it is refused on its own terms. */
  readonly expect: number;
  /** SSE routes never end: the status line is enough. */
  readonly stream?: boolean;
}

type CallFactory = () => Promise<RouteCall>;

const ROLE_KEYS: Record<Role, TestKeyName> = {
  analyst: 'analyst',
  recorder: 'recorder',
  operator: 'operator',
  subscriber: 'subscriber',
};

/** A suggestion id no test creates. */
const NO_SUGGESTION = '00000000-0000-4000-8000-000000000000';

const R = (...roles: Role[]): readonly Role[] => roles;

/** Who may call what (DESIGN.md, "The public surface"): the contract the code must keep. */
const EXPECTED_ACCESS: Record<string, readonly Role[] | 'public'> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /metrics': 'public',
  'GET /schemas': 'public',
  'GET /schemas/:file': 'public',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/:file': 'public',
  'GET /problems': 'public',
  'GET /problems/:slug': 'public',
  'GET /': 'public',
  'GET /page/:file': 'public',
  'GET /page/vendor/:file': 'public',
  'POST /actors': R('recorder'),
  'GET /actors': R('analyst'),
  'GET /actors/:id': R('analyst'),
  'POST /actors/:id/affiliations': R('recorder'),
  'POST /records': R('recorder'),
  'POST /records/import': R('recorder'),
  'GET /records': R('analyst'),
  'GET /records/:id': R('analyst'),
  'GET /records/:id/reports': R('analyst'),
  'POST /records/:id/corrections': R('recorder'),
  'POST /records/:id/retraction': R('recorder'),
  'POST /records/:id/outcome': R('recorder'),
  'GET /export': R('analyst'),
  'POST /coding/suggestions': R('recorder'),
  'GET /coding/suggestions/:id': R('recorder'),
  'POST /coding/suggestions/:id/accept': R('recorder'),
  'POST /coding/suggestions/:id/reject': R('recorder'),
  'GET /dyads/:source/:target/tone': R('analyst'),
  'GET /dyads/:source/:target/summary': R('analyst'),
  'GET /dyads/:source/:target/shifts': R('analyst'),
  'GET /dyads/:source/:target/records': R('analyst'),
  'GET /actors/:id/credibility': R('analyst'),
  'GET /credibility': R('analyst'),
  'GET /streams/:stream/events': R('operator'),
  'GET /replay': R('operator'),
  'GET /feed': R('subscriber'),
  'GET /admin/projections': R('operator'),
  'GET /admin/ingest': R('operator'),
  'GET /admin/projections/:name': R('operator'),
  'POST /admin/projections/:name/rebuild': R('operator'),
  'DELETE /admin/projections/:name/rebuild': R('operator'),
  'POST /admin/projections/:name/retry': R('operator'),
  'POST /admin/projections/:name/skip': R('operator'),
  'POST /subscriptions': R('subscriber', 'operator'),
  'GET /subscriptions': R('subscriber', 'operator'),
  'GET /subscriptions/:id': R('subscriber', 'operator'),
  'GET /subscriptions/:id/failures': R('subscriber', 'operator'),
  'POST /subscriptions/:id/resume': R('subscriber', 'operator'),
  'POST /subscriptions/:id/reset': R('subscriber', 'operator'),
  'POST /subscriptions/:id/rotate-secret': R('subscriber', 'operator'),
  'DELETE /subscriptions/:id': R('subscriber', 'operator'),
};

describe('access by role', () => {
  let t: TestApp;
  let source: string;
  let target: string;
  let recordId: string;
  let stream: string;
  let subscriptionId: string;

  const recordOf = async (kind = 'statement'): Promise<string> =>
    (await createRecord(t.baseUrl, recordBody({ source, target, kind }))).id;

  const subscription = async (): Promise<string> => {
    // A subscriber's own: a subscriber sees only its own subscriptions, an operator all.
    const created = await api(t.baseUrl, bearer('subscriber')).post<{ id: string }>(
      '/subscriptions',
      { url: 'http://127.0.0.1:9/hook', from: 'now' },
    );
    if (created.status !== 201) throw new Error(`subscription: ${created.text}`);
    return created.body.id;
  };

  /** Every route of the app, by `METHOD path` as the catalog names it. */
  const calls: Record<string, CallFactory> = {
    'GET /health/live': () => Promise.resolve({ path: '/health/live', expect: 200 }),
    'GET /health/ready': () => Promise.resolve({ path: '/health/ready', expect: 200 }),
    'GET /metrics': () => Promise.resolve({ path: '/metrics', expect: 200 }),
    'GET /schemas': () => Promise.resolve({ path: '/schemas', expect: 200 }),
    'GET /schemas/:file': () =>
      Promise.resolve({ path: '/schemas/StatementRecorded.json', expect: 200 }),
    'GET /openapi.json': () => Promise.resolve({ path: '/openapi.json', expect: 200 }),
    'GET /docs': () => Promise.resolve({ path: '/docs', expect: 200 }),
    'GET /docs/:file': () => Promise.resolve({ path: '/docs/docs.js', expect: 200 }),
    'GET /problems': () => Promise.resolve({ path: '/problems', expect: 200 }),
    'GET /problems/:slug': () =>
      Promise.resolve({ path: '/problems/validation-failed', expect: 200 }),
    'GET /': () => Promise.resolve({ path: '/', expect: 200 }),
    'GET /page/:file': () => Promise.resolve({ path: '/page/main.js', expect: 200 }),
    'GET /page/vendor/:file': () =>
      Promise.resolve({ path: '/page/vendor/uPlot.iife.min.js', expect: 200 }),
    'POST /actors': () =>
      Promise.resolve({
        path: '/actors',
        body: { id: actorId('m'), name: 'Matrix', kind: 'person' },
        expect: 201,
      }),
    'GET /actors': () => Promise.resolve({ path: '/actors', expect: 200 }),
    'GET /actors/:id': () => Promise.resolve({ path: `/actors/${source}`, expect: 200 }),
    'POST /actors/:id/affiliations': async () => {
      const member = actorId('member');
      await registerActors(t.baseUrl, member);
      return {
        path: `/actors/${member}/affiliations`,
        body: { parent: target, from: '2020-01-01' },
        expect: 201,
      };
    },
    'POST /records': () =>
      Promise.resolve({ path: '/records', body: recordBody({ source, target }), expect: 201 }),
    'POST /records/import': () =>
      Promise.resolve({
        path: '/records/import',
        body: raw(`${JSON.stringify(recordBody({ source, target }))}\n`, 'application/x-ndjson'),
        expect: 200,
      }),
    'GET /records': () => Promise.resolve({ path: `/records?source=${source}`, expect: 200 }),
    'GET /records/:id': () => Promise.resolve({ path: `/records/${recordId}`, expect: 200 }),
    'GET /records/:id/reports': () =>
      Promise.resolve({ path: `/records/${recordId}/reports`, expect: 200 }),
    'POST /records/:id/corrections': () =>
      Promise.resolve({
        path: `/records/${recordId}/corrections`,
        body: { changes: { tone: -2 }, reason: `Matrix ${randomUUID()}` },
        expect: 201,
      }),
    'POST /records/:id/retraction': async () => ({
      path: `/records/${await recordOf()}/retraction`,
      body: { reason: 'Matrix' },
      expect: 201,
    }),
    'POST /records/:id/outcome': async () => ({
      path: `/records/${await recordOf('threat')}/outcome`,
      body: { outcome: 'withdrawn', occurredAt: '2025-04-02T00:00:00Z' },
      expect: 201,
    }),
    'GET /export': () => Promise.resolve({ path: `/export?source=${source}`, expect: 200 }),
    'GET /dyads/:source/:target/tone': () =>
      Promise.resolve({
        path: `/dyads/${source}/${target}/tone?from=2025-01-01&to=2025-12-31&bucket=month`,
        expect: 200,
      }),
    'GET /dyads/:source/:target/summary': () =>
      Promise.resolve({ path: `/dyads/${source}/${target}/summary`, expect: 200 }),
    'GET /dyads/:source/:target/shifts': () =>
      Promise.resolve({ path: `/dyads/${source}/${target}/shifts`, expect: 200 }),
    'GET /dyads/:source/:target/records': () =>
      Promise.resolve({ path: `/dyads/${source}/${target}/records?mode=pair`, expect: 200 }),
    'GET /actors/:id/credibility': () =>
      Promise.resolve({ path: `/actors/${source}/credibility`, expect: 200 }),
    'POST /coding/suggestions': () =>
      Promise.resolve({
        path: '/coding/suggestions',
        body: { text: 'The minister said on Sunday that the talks would resume next week.' },
        expect: 200,
      }),
    // No such suggestion: answered on its own terms (404), past access control.
    'GET /coding/suggestions/:id': () =>
      Promise.resolve({ path: `/coding/suggestions/${NO_SUGGESTION}`, expect: 404 }),
    'POST /coding/suggestions/:id/accept': () =>
      Promise.resolve({
        path: `/coding/suggestions/${NO_SUGGESTION}/accept`,
        body: {},
        expect: 404,
      }),
    'POST /coding/suggestions/:id/reject': () =>
      Promise.resolve({
        path: `/coding/suggestions/${NO_SUGGESTION}/reject`,
        body: {},
        expect: 404,
      }),
    'GET /credibility': () => Promise.resolve({ path: '/credibility?limit=10', expect: 200 }),
    'GET /streams/:stream/events': () =>
      Promise.resolve({ path: `/streams/${stream}/events`, expect: 200 }),
    'GET /replay': () => Promise.resolve({ path: `/replay?stream=${stream}`, expect: 200 }),
    'GET /feed': () => Promise.resolve({ path: '/feed?from=now', expect: 200, stream: true }),
    'GET /admin/projections': () => Promise.resolve({ path: '/admin/projections', expect: 200 }),
    'GET /admin/ingest': () => Promise.resolve({ path: '/admin/ingest', expect: 200 }),
    'GET /admin/projections/:name': () =>
      Promise.resolve({ path: '/admin/projections/actors', expect: 200 }),
    'POST /admin/projections/:name/rebuild': () =>
      Promise.resolve({ path: '/admin/projections/actors/rebuild', expect: 202 }),
    // Cancels the rebuild the line above may have started; answers the status either way.
    'DELETE /admin/projections/:name/rebuild': () =>
      Promise.resolve({ path: '/admin/projections/actors/rebuild', expect: 200 }),
    'POST /admin/projections/:name/retry': () =>
      Promise.resolve({ path: '/admin/projections/records/retry', expect: 200 }),
    // A live projection has nothing to skip: refused on its own terms, past access control.
    'POST /admin/projections/:name/skip': () =>
      Promise.resolve({
        path: '/admin/projections/records/skip',
        body: { position: '0'.repeat(32), reason: 'Matrix' },
        expect: 409,
      }),
    'POST /subscriptions': () =>
      Promise.resolve({
        path: '/subscriptions',
        body: { url: 'http://127.0.0.1:9/hook', from: 'now' },
        expect: 201,
      }),
    'GET /subscriptions': () => Promise.resolve({ path: '/subscriptions', expect: 200 }),
    'GET /subscriptions/:id': () =>
      Promise.resolve({ path: `/subscriptions/${subscriptionId}`, expect: 200 }),
    'GET /subscriptions/:id/failures': () =>
      Promise.resolve({ path: `/subscriptions/${subscriptionId}/failures`, expect: 200 }),
    'POST /subscriptions/:id/resume': () =>
      Promise.resolve({ path: `/subscriptions/${subscriptionId}/resume`, expect: 200 }),
    'POST /subscriptions/:id/reset': () =>
      Promise.resolve({
        path: `/subscriptions/${subscriptionId}/reset`,
        body: { position: 'now' },
        expect: 200,
      }),
    'POST /subscriptions/:id/rotate-secret': () =>
      Promise.resolve({ path: `/subscriptions/${subscriptionId}/rotate-secret`, expect: 200 }),
    'DELETE /subscriptions/:id': async () => ({
      path: `/subscriptions/${await subscription()}`,
      expect: 204,
    }),
  };

  beforeAll(async () => {
    t = await startTestApp({
      // The matrix creates a subscription for each call of a route that needs a fresh one.
      env: { PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true', PARLEY_SUBSCRIPTIONS_PER_KEY: '100' },
    });
    [source, target] = [actorId('src'), actorId('tgt')];
    await registerActors(t.baseUrl, source, target);
    const receipt = await createRecord(t.baseUrl, recordBody({ source, target }));
    recordId = receipt.id;
    stream = receipt.stream;
    subscriptionId = await subscription();
  });
  afterAll(async () => {
    await t.close();
  });

  async function send(
    method: string,
    call: RouteCall,
    authorization: string | null,
  ): Promise<ApiResponse<ProblemBody>> {
    if (call.stream) {
      const abort = new AbortController();
      const response = await fetch(`${t.baseUrl}${call.path}`, {
        headers: authorization === null ? {} : { authorization },
        signal: abort.signal,
      });
      const text = response.status === 200 ? '' : await response.text();
      abort.abort();
      return {
        status: response.status,
        headers: response.headers,
        body: (text === '' ? undefined : JSON.parse(text)) as ProblemBody,
        text,
        contentType: response.headers.get('content-type') ?? '',
      };
    }
    const client = api(t.baseUrl, authorization);
    if (method === 'GET') return client.get(call.path);
    if (method === 'DELETE') return client.delete(call.path);
    return client.post(call.path, call.body);
  }

  const bearer = (key: TestKeyName): string => `Bearer ${TEST_KEYS[key]}`;
  const routes = (): readonly CatalogRoute[] => t.app.get(RouteCatalog).routes();
  const name = (route: CatalogRoute): string => `${route.method} ${route.path}`;

  it('knows how to call every route of the running app, and no route it does not have', () => {
    expect(routes().map(name).sort()).toEqual(Object.keys(calls).sort());
  });

  it('declares on every route the roles the public surface promises', () => {
    const declared = Object.fromEntries(
      routes().map((route) => [
        name(route),
        route.access === undefined || 'public' in route.access ? 'public' : route.access.roles,
      ]),
    );
    expect(declared).toEqual(EXPECTED_ACCESS);
  });

  it('answers 401 without a key or with an unknown one, 403 with a key of another role, and lets each right role through', async () => {
    const checked: string[] = [];
    for (const route of routes()) {
      const factory = calls[name(route)];
      const allowed = EXPECTED_ACCESS[name(route)];
      if (!factory || !allowed) throw new Error(`no call for ${name(route)}`);
      if (allowed === 'public') {
        const answer = await send(route.method, await factory(), null);
        expect([name(route), answer.status]).toEqual([name(route), (await factory()).expect]);
        continue;
      }
      const call = await factory();

      const anonymous = await send(route.method, call, null);
      expect([name(route), anonymous.status]).toEqual([name(route), 401]);
      expect(anonymous.contentType).toMatch(/^application\/problem\+json/);
      expect(anonymous.body.type).toBe('/problems/unauthorized');
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="parley"');

      const unknown = await send(route.method, call, `Bearer unknown-${randomUUID()}`);
      expect([name(route), unknown.status]).toEqual([name(route), 401]);
      expect(unknown.headers.get('www-authenticate')).toContain('error="invalid_token"');

      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        const wrong = await send(route.method, call, bearer(ROLE_KEYS[role]));
        expect([name(route), role, wrong.status]).toEqual([name(route), role, 403]);
        expect(wrong.body).toMatchObject({ type: '/problems/forbidden', requiredRoles: allowed });
      }
      for (const role of allowed) {
        const right = await send(route.method, await factory(), bearer(ROLE_KEYS[role]));
        expect([name(route), role, right.status, right.text]).toEqual([
          name(route),
          role,
          (await factory()).expect,
          right.text,
        ]);
      }
      checked.push(name(route));
    }
    // The matrix ran over the routes that ask for a role; the list above is not vacuous.
    expect(checked.length).toBeGreaterThanOrEqual(30);
  });

  it('writes who made a change into the event metadata: the key id, never the key', async () => {
    const receipt = await createRecord(t.baseUrl, recordBody({ source, target }));
    const client = api(t.baseUrl, bearer('recorder'));
    const corrected = await client.post<{ revision: number }>(
      `/records/${receipt.id}/corrections`,
      { changes: { tone: -4 }, reason: 'Principal check' },
    );
    expect(corrected.status).toBe(201);

    const events = await api(t.baseUrl).get<{ items: { metadata: Record<string, unknown> }[] }>(
      `/streams/${encodeURIComponent(receipt.stream)}/events?fromRevision=${receipt.revision}`,
    );
    const [created, correction] = events.body.items;
    expect(created?.metadata.principal).toBe(keyIdOf(hashApiKey(TEST_KEYS.admin)));
    expect(correction?.metadata.principal).toBe(keyIdOf(hashApiKey(TEST_KEYS.recorder)));
    expect(correction?.metadata.principal).toMatch(/^key:[0-9a-f]{12}$/);
    expect(events.text).not.toContain(TEST_KEYS.recorder);
  });
});

/** What a streamed upload learned: the answer, and how much of the body had been sent when it came. */
interface StreamedAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: ProblemBody;
  readonly sentWhenAnswered: number;
}

/**
 * POSTs a body of `size` bytes of NDJSON, a chunk at a time (each sent once the socket
 * takes it), and stops sending as soon as the answer comes: what was sent by then tells
 * whether the server waited for the body before answering.
 */
function streamedUpload(
  baseUrl: string,
  path: string,
  size: number,
  headers: Record<string, string> = {},
): Promise<StreamedAnswer> {
  const line = `${JSON.stringify({ kind: 'statement', quote: 'x'.repeat(200) })}\n`;
  const chunk = Buffer.from(line.repeat(Math.ceil(65_536 / line.length)));
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const upload = httpRequest(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-ndjson',
        'content-length': String(size),
        ...headers,
      },
    });
    upload.on('response', (response) => {
      answered = true;
      const sentWhenAnswered = sent;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (part: string) => (text += part));
      response.on('end', () => {
        upload.destroy();
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type']),
          body: JSON.parse(text) as ProblemBody,
          sentWhenAnswered,
        });
      });
    });
    // The server may close the connection on a body it refuses to read: that is the point.
    upload.on('error', (error) => {
      if (!answered) reject(error);
    });
    const sendMore = (): void => {
      while (!answered && sent < size) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += part.length;
        if (!upload.write(part)) {
          upload.once('drain', sendMore);
          return;
        }
      }
      if (sent >= size) upload.end();
    };
    sendMore();
  });
}

describe('unauthenticated bodies', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 20 anonymous 32 MiB imports 401 before reading their bodies', async () => {
    // The import's limit: 32 times the ordinary 1 MiB body limit.
    const size = 32 * 1_048_576;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        streamedUpload(
          t.baseUrl,
          '/records/import',
          size,
          i % 2 === 0 ? {} : { authorization: `Bearer unknown-${randomUUID()}` },
        ),
      ),
    );

    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.body.type).toBe('/problems/unauthorized');
      // Answered from the headers: most of the body was never sent (socket buffers hold a few MiB).
      expect(answer.sentWhenAnswered).toBeLessThan(size / 4);
    }
  });

  it('still reads the body of a request with a known key', async () => {
    const answer = await streamedUpload(t.baseUrl, '/records/import', 65_536, {
      authorization: `Bearer ${TEST_KEYS.recorder}`,
    });
    // The whole body was sent, read, and judged: the lines are not valid records.
    expect(answer.status).toBe(200);
    expect(answer.sentWhenAnswered).toBe(65_536);
  });
});
