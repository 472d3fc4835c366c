import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { api, raw, type ApiResponse } from '../support/client';
import {
  actorId,
  createRecord,
  recordBody,
  registerActors,
  type RecordInput,
} from '../support/builders';
import { snapshotStore } from '../support/store';
import type { ProblemBody } from '../support/responses';
import { PROBLEM_TYPES } from '../../src/http/problem-types';

/**
 * Every refused request answers problem+json naming what failed, and changes nothing:
 * the log holds as many events and every read-model row is as it was.
 */
describe('errors', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let existing: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = actorId();
    b = actorId();
    await registerActors(t.baseUrl, a, b);
    existing = (await createRecord(t.baseUrl, recordBody({ source: a, target: b, kind: 'threat' })))
      .id;
  });
  afterAll(async () => {
    await t.close();
  });

  const valid = (overrides: RecordInput = {}): RecordInput =>
    recordBody({ source: a, target: b, ...overrides });

  /** Sends a request and checks that the store is the same before and after. */
  async function refused(
    send: () => Promise<ApiResponse<ProblemBody>>,
    status: number,
  ): Promise<ProblemBody> {
    const before = await snapshotStore(t);
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: expect.any(String) as string,
      title: expect.any(String) as string,
      status,
      detail: expect.any(String) as string,
    });
    expect(response.text).not.toMatch(/\bat .+\.(?:ts|js):\d+/);
    expect(await snapshotStore(t)).toEqual(before);
    return response.body;
  }

  const fields = (problem: ProblemBody): string[] => [
    ...new Set((problem.errors ?? []).map((e) => e.field)),
  ];
  const post = (path: string, body: unknown, headers?: Record<string, string>) => () =>
    api(t.baseUrl).post<ProblemBody>(path, body, headers ? { headers } : {});

  describe('malformed bodies: 400', () => {
    it('refuses a body that is not JSON', async () => {
      const problem = await refused(
        post('/records', raw('{"kind": "statement", "source":', 'application/json')),
        400,
      );
      expect(problem.type).toBe('/problems/malformed-body');
      expect(problem.detail).toMatch(/JSON/);
    });

    it('names a missing required field', async () => {
      const problem = await refused(post('/records', valid({ quote: undefined })), 400);
      expect(fields(problem)).toEqual(['quote']);
      expect(problem.errors?.[0]?.message).toEqual(expect.any(String));
    });

    it('names an unknown field', async () => {
      const problem = await refused(post('/records', valid({ colour: 'red' })), 400);
      expect(fields(problem)).toEqual(['colour']);
    });

    it('names a value outside an enum', async () => {
      const problem = await refused(post('/records', valid({ kind: 'rumour' })), 400);
      expect(fields(problem)).toEqual(['kind']);
    });

    it('refuses an occurredAt without its offset', async () => {
      const problem = await refused(
        post('/records', valid({ occurredAt: '2025-03-30T14:00:00' })),
        400,
      );
      expect(fields(problem)).toEqual(['occurredAt']);
    });

    it('refuses a tone out of [-10, 10]', async () => {
      expect(fields(await refused(post('/records', valid({ tone: 11 })), 400))).toEqual(['tone']);
      expect(fields(await refused(post('/records', valid({ tone: -10.5 })), 400))).toEqual([
        'tone',
      ]);
    });

    it('gives one message per field, its type before its bounds, nested fields by their path', async () => {
      // "loud" breaks IsNumber, Min and Max; 7 breaks IsString, MinLength and MaxLength.
      const problem = await refused(
        post(
          '/records',
          valid({ tone: 'loud', citation: { outlet: 7, title: 'One outlet too many' } }),
        ),
        400,
      );
      // In the order the DTO declares its fields.
      expect(problem.errors).toEqual([
        {
          field: 'citation.outlet',
          message: expect.stringMatching(/^outlet must be a string/) as string,
        },
        { field: 'tone', message: expect.stringMatching(/^tone must be a number/) as string },
      ]);
      expect(problem.detail).toBe(
        problem.errors?.map((e) => `${e.field}: ${e.message}`).join('; '),
      );
    });

    it('gives one message per query parameter, its type before its bounds', async () => {
      const problem = await refused(
        () => api(t.baseUrl).get<ProblemBody>('/records?limit=many'),
        400,
      );
      expect(problem.errors).toEqual([
        { field: 'limit', message: 'limit must be an integer number' },
      ]);
    });

    it('names a missing nested field by its path', async () => {
      const problem = await refused(
        post('/records', valid({ citation: { title: 'No outlet' } })),
        400,
      );
      expect(fields(problem)).toEqual(['citation.outlet']);
    });

    it('refuses a body sent as NDJSON to the single-record endpoint', async () => {
      await refused(post('/records', raw(JSON.stringify(valid()), 'application/x-ndjson')), 400);
    });

    it('refuses JSON sent to the import, which takes NDJSON', async () => {
      const problem = await refused(post('/records/import', valid()), 400);
      expect(fields(problem)).toEqual(['body']);
    });

    it('refuses a threat without its instrument', async () => {
      const problem = await refused(
        post('/records', valid({ kind: 'threat', threat: { condition: 'no deal' } })),
        400,
      );
      expect(fields(problem)).toEqual(['threat.instrument']);
    });

    it('refuses a malformed correction', async () => {
      expect(
        fields(
          await refused(
            post(`/records/${existing}/corrections`, { changes: { tone: 20 }, reason: 'x' }),
            400,
          ),
        ),
      ).toEqual(['changes.tone']);
      expect(
        fields(
          await refused(post(`/records/${existing}/corrections`, { changes: { tone: 1 } }), 400),
        ),
      ).toEqual(['reason']);
      expect(
        fields(
          await refused(
            post(`/records/${existing}/corrections`, { changes: {}, reason: 'x' }),
            400,
          ),
        ),
      ).toEqual(['changes']);
      expect(
        fields(
          await refused(
            post(`/records/${existing}/corrections`, { changes: { source: b }, reason: 'x' }),
            400,
          ),
        ),
      ).toEqual(['changes.source']);
    });

    it('refuses an outcome that is not one of carried-out, withdrawn, lapsed', async () => {
      const problem = await refused(
        post(`/records/${existing}/outcome`, {
          outcome: 'ignored',
          occurredAt: '2025-04-01T00:00:00Z',
        }),
        400,
      );
      expect(fields(problem)).toEqual(['outcome']);
    });

    it('refuses an If-Match that is not a revision', async () => {
      const problem = await refused(post('/records', valid(), { 'if-match': '"abc"' }), 400);
      expect(fields(problem)).toEqual(['If-Match']);
    });
  });

  it('answers 415 for a body in a media type it does not read, JSON sent as text/plain included', async () => {
    await refused(post('/records', raw(JSON.stringify(valid()), 'text/plain')), 415);
    await refused(post('/records', raw('<record/>', 'application/xml')), 415);
  });

  it('answers 413 for too large a body', async () => {
    await refused(post('/records', valid({ quote: 'x'.repeat(1_100_000) })), 413);
  });

  describe('unknown resources: 404', () => {
    const unknown = randomUUID();

    it('for a record', async () => {
      await refused(() => api(t.baseUrl).get<ProblemBody>(`/records/${unknown}`), 404);
    });

    it('for a correction, retraction or outcome of a record that does not exist', async () => {
      await refused(
        post(`/records/${unknown}/corrections`, { changes: { tone: 1 }, reason: 'x' }),
        404,
      );
      await refused(post(`/records/${unknown}/retraction`, { reason: 'x' }), 404);
      await refused(
        post(`/records/${unknown}/outcome`, {
          outcome: 'withdrawn',
          occurredAt: '2025-04-01T00:00:00Z',
        }),
        404,
      );
    });
  });

  describe('refused by the domain: 422', () => {
    it('names an unknown source actor', async () => {
      const problem = await refused(post('/records', valid({ source: actorId('nobody') })), 422);
      expect(fields(problem)).toEqual(['source']);
    });

    it('names an unknown target actor', async () => {
      const problem = await refused(post('/records', valid({ target: actorId('nobody') })), 422);
      expect(fields(problem)).toEqual(['target']);
    });

    it('names unknown actors in a tone query', async () => {
      const problem = await refused(
        () => api(t.baseUrl).get<ProblemBody>(`/dyads/${a}/${actorId('nobody')}/tone`),
        422,
      );
      expect(fields(problem)).toEqual(['target']);
    });

    it('refuses a statement that carries threat terms', async () => {
      const problem = await refused(
        post('/records', valid({ threat: { instrument: 'tariff' } })),
        422,
      );
      expect(fields(problem)).toEqual(['threat']);
    });
  });

  describe('problem types: each `type` is a page that explains it', () => {
    const anyone = () => api(t.baseUrl, null);

    it.each(Object.entries(PROBLEM_TYPES))(
      '/problems/%s, in HTML, and in JSON when asked',
      async (slug, info) => {
        const page = await anyone().get(`/problems/${slug}`, { headers: { accept: 'text/html' } });
        expect(page.status).toBe(200);
        expect(page.contentType).toMatch(/^text\/html/);
        expect(page.text).toContain(`<h1>${info.title}</h1>`);
        expect(page.text).toContain(String(info.status));

        const json = await anyone().get(`/problems/${slug}`, {
          headers: { accept: 'application/json' },
        });
        expect(json.status).toBe(200);
        expect(json.contentType).toMatch(/^application\/json/);
        expect(json.body).toEqual({ type: `/problems/${slug}`, ...info });
      },
    );

    it('answers an unknown one 404, as a problem whose own type resolves', async () => {
      const problem = await refused(
        () => anyone().get<ProblemBody>('/problems/no-such-problem'),
        404,
      );
      expect(problem.type).toBe('/problems/not-found');
      expect((await anyone().get(problem.type)).status).toBe(200);
    });

    it('resolves the type of a live refusal against the URL it came from', async () => {
      const invalid = await api(t.baseUrl).post<ProblemBody>('/records', valid({ tone: 11 }));
      const noRoute = await api(t.baseUrl).get<ProblemBody>(`/no-such-route/${randomUUID()}`);
      for (const problem of [invalid, noRoute]) {
        const page = await fetch(new URL(problem.body.type, `${t.baseUrl}/records`));
        expect([problem.body.type, page.status]).toEqual([problem.body.type, 200]);
        expect(await page.text()).toContain(`<h1>${problem.body.title}</h1>`);
      }
    });
  });
});
