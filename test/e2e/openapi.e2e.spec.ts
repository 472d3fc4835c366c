import SwaggerParser from '@apidevtools/swagger-parser';
// The parser's own document type (openapi-types is what its declarations are written in).
import type { OpenAPI } from 'openapi-types';
import Ajv, { type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RouteCatalog } from '../../src/auth/route-catalog';
import { SAMPLE_DATA_DIR } from '../../src/config/paths';
import { openApiPath, REQUIRED_ROLES, SECURITY_SCHEME } from '../../src/openapi/api-document';
import { SHIFTS_EXAMPLE_QUERY, TONE_EXAMPLE_QUERY } from '../../src/openapi/api-examples';
import { dyadStream } from '../../src/records/domain/dyad';
import { generate, SOURCE_DIR } from '../../scripts/openapi-metadata.js';
import { TYPES_FILE } from '../../scripts/openapi-types.js';
import { startParleyProcess } from '../support/parley-process';
import { startTestApp, type TestApp } from '../support/app';
import { api, query } from '../support/client';

jest.setTimeout(120_000);

/** Generates the page's and the tests' types from a document (`npm run openapi:types`). */
const TYPES_SCRIPT = join(__dirname, '..', '..', 'scripts', 'openapi-types.js');

interface Operation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly security?: Record<string, string[]>[];
  readonly [REQUIRED_ROLES]?: string[];
  readonly requestBody?: { content: Record<string, MediaType> };
  readonly responses: Record<string, { content?: Record<string, MediaType> }>;
}

interface MediaType {
  readonly schema?: AnySchema;
  readonly examples?: Record<string, { value: unknown }>;
}

interface Document {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: {
    schemas: Record<string, AnySchema>;
    securitySchemes: Record<string, unknown>;
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** Success statuses that answer with no body. */
const BODILESS = ['204', '304'];

function operation(document: Document, method: string, path: string): Operation {
  const found = document.paths[path]?.[method];
  if (found === undefined) throw new Error(`The document has no ${method.toUpperCase()} ${path}`);
  return found;
}

function example(media: MediaType | undefined): unknown {
  const value = media?.examples?.sample?.value;
  if (value === undefined) throw new Error('No example');
  return value;
}

/**
 * Checks values against the document's own schemas. OpenAPI 3.0 schemas are JSON Schema
 * plus `nullable` (Ajv's own keyword) and a few annotations Ajv is told to ignore.
 * `closed`: an object may hold only the properties its schema names (unless the schema
 * says otherwise), so that a field the service sends but the document leaves out fails.
 */
function schemaChecker(
  document: Document,
  { closed = false } = {},
): (schema: string, value: unknown) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: jsonSchemaOf(document.components, closed) }, 'openapi');
  return (schema, value) => {
    const validate = ajv.compile({ $ref: `openapi#/components/schemas/${schema}` });
    return validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  };
}

describe('the OpenAPI document and its UI', () => {
  let t: TestApp;
  let document: Document;

  /** A time after the sample was recorded and before any test here writes. */
  let sampleAsOf: string;

  beforeAll(async () => {
    // Webhook receivers on this machine, for a subscription to describe.
    t = await startTestApp({ sample: true, env: { PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    const answer = await api(t.baseUrl, null).get<Document>('/openapi.json');
    expect(answer.status).toBe(200);
    document = answer.body;
    sampleAsOf = new Date().toISOString();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is served to anyone, with the security headers and the rate limit of every answer', async () => {
    const answer = await api(t.baseUrl, null).get('/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-ratelimit-limit')).not.toBeNull();
  });

  it('validates as OpenAPI 3', async () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    // Schema and semantics (path parameters declared, unique operation ids, resolvable $refs).
    await expect(
      SwaggerParser.validate(structuredClone(document) as unknown as OpenAPI.Document),
    ).resolves.toBeTruthy();
  });

  it('lists every route of the running app, each with the roles its guard asks for', () => {
    const routes = t.app.get(RouteCatalog).routes();
    const described = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => METHODS.includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(
      routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort(),
    );
    for (const route of routes) {
      const op = operation(document, route.method.toLowerCase(), openApiPath(route.path));
      const name = `${route.method} ${route.path}`;
      if (route.access === undefined || 'public' in route.access) {
        expect([name, op[REQUIRED_ROLES], op.security]).toEqual([name, [], []]);
      } else {
        expect([name, op[REQUIRED_ROLES], op.security]).toEqual([
          name,
          [...route.access.roles],
          [{ [SECURITY_SCHEME]: [] }],
        ]);
        for (const status of ['401', '403'])
          expect([name, Object.keys(op.responses[status]?.content ?? {})]).toEqual([
            name,
            ['application/problem+json'],
          ]);
      }
    }
    expect(document.components.securitySchemes[SECURITY_SCHEME]).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('says API keys are opaque: no bearerFormat (a key is not a JWT)', () => {
    expect(document.components.securitySchemes[SECURITY_SCHEME]).not.toHaveProperty('bearerFormat');
  });

  it('gives every operation a summary', () => {
    const missing = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method, op]) => METHODS.includes(method) && !op.summary?.trim())
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('describes each request body with the rules its validation enforces', () => {
    const check = schemaChecker(document);
    const record = example(
      operation(document, 'post', '/records').requestBody?.content['application/json'],
    ) as Record<string, unknown>;
    expect(check('CreateRecordDto', record)).toEqual([]);
    // What the validation pipe refuses, the schema refuses too.
    expect(check('CreateRecordDto', { ...record, source: 'Donald Trump' })).not.toEqual([]);
    expect(check('CreateRecordDto', { ...record, occurredAt: '2025-05-25T00:00:00' })).not.toEqual(
      [],
    );
    expect(check('CreateRecordDto', { ...record, tone: 11 })).not.toEqual([]);
    expect(check('CreateRecordDto', { ...record, topics: ['Not A Tag'] })).not.toEqual([]);
    expect(check('CreateRecordDto', { ...record, quote: undefined })).not.toEqual([]);
  });

  it('gives the tone example exactly as the service answers it for the sample', async () => {
    const path = '/dyads/{source}/{target}/tone';
    const documented = example(
      operation(document, 'get', path).responses['200']?.content?.['application/json'],
    );
    const answer = await api(t.baseUrl).get(
      `/dyads/donald-trump/vladimir-putin/tone${query(TONE_EXAMPLE_QUERY)}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(documented);
    expect(schemaChecker(document)('ToneView', answer.body)).toEqual([]);
  });

  it('gives every success answer a media type, and every JSON one a schema with a shape', () => {
    const untyped: string[] = [];
    for (const [path, item] of Object.entries(document.paths))
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        for (const [status, response] of Object.entries(op.responses)) {
          if (!status.startsWith('2') || BODILESS.includes(status)) continue;
          const name = `${method.toUpperCase()} ${path} ${status}`;
          const content = response.content ?? {};
          if (Object.keys(content).length === 0) untyped.push(`${name}: no media type`);
          for (const [type, media] of Object.entries(content))
            if (/^application\/(?:[\w.-]+\+)?json\b/.test(type) && !describesShape(media.schema))
              untyped.push(`${name} ${type}: ${JSON.stringify(media.schema) ?? 'no schema'}`);
        }
      }
    expect(untyped).toEqual([]);
  });

  it('gives the shifts example exactly as the service answers it for the sample', async () => {
    const path = '/dyads/{source}/{target}/shifts';
    const documented = example(
      operation(document, 'get', path).responses['200']?.content?.['application/json'],
    );
    // As of the sample alone: another test here corrects one of its records.
    const answer = await api(t.baseUrl).get<{ asOf: string | null }>(
      `/dyads/donald-trump/vladimir-putin/shifts${query({ ...SHIFTS_EXAMPLE_QUERY, asOf: sampleAsOf })}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.asOf).toBe(sampleAsOf);
    expect({ ...answer.body, asOf: null }).toEqual(documented);
    expect(schemaChecker(document, { closed: true })('ShiftsView', documented)).toEqual([]);
    expect(schemaChecker(document, { closed: true })('ShiftsView', answer.body)).toEqual([]);
  });

  it('describes the analytical, operational and health reads: real answers match, field for field', async () => {
    const check = schemaChecker(document, { closed: true });
    const client = api(t.baseUrl);
    const answers: [schema: string, path: string, status: number, client?: typeof client][] = [
      ['ShiftsView', '/dyads/donald-trump/vladimir-putin/shifts?measure=intensity&mode=pair', 200],
      ['ActorCredibility', '/actors/donald-trump/credibility', 200],
      ['CredibilityPage', '/credibility?limit=5&minSettled=0', 200],
      ['DyadSummary', '/dyads/donald-trump/vladimir-putin/summary', 200],
      ['DyadSummary', '/dyads/usa/rus/summary?mode=rollup', 200],
      ['DyadSummary', '/dyads/dmitry-peskov/donald-trump/summary', 200],
      [
        'StreamPage',
        `/streams/${encodeURIComponent(dyadStream('donald-trump', 'vladimir-putin'))}/events?limit=5`,
        200,
      ],
      ['Liveness', '/health/live', 200, api(t.baseUrl, null)],
      ['Readiness', '/health/ready', 200, api(t.baseUrl, null)],
      ['SchemaIndex', '/schemas', 200, api(t.baseUrl, null)],
    ];
    for (const [schema, path, status, from = client] of answers) {
      const answer = await from.get(path);
      expect([path, answer.status]).toEqual([path, status]);
      expect([path, check(schema, answer.body)]).toEqual([path, []]);
    }
    // The summary and credibility list, with what they hold at their deepest.
    const summary = await client.get<{ threats: { items: unknown[] } }>(
      '/dyads/usa/rus/summary?mode=rollup',
    );
    expect(summary.body.threats.items.length).toBeGreaterThan(0);
    const denials = await client.get<{ denials: { items: unknown[] } }>(
      '/dyads/dmitry-peskov/donald-trump/summary',
    );
    expect(denials.body.denials.items.length).toBeGreaterThan(0);
    const ranked = await client.get<{ items: unknown[] }>('/credibility?minSettled=0');
    expect(ranked.body.items.length).toBeGreaterThan(0);
    const schemaFile = await api(t.baseUrl, null).get('/schemas/ThreatIssued.json');
    expect(schemaFile.status).toBe(200);
    const documentedTypes = Object.keys(
      operation(document, 'get', '/schemas/{file}').responses['200']?.content ?? {},
    );
    expect(documentedTypes).toEqual([schemaFile.contentType.split(';')[0]]);
  });

  it('describes what the reads answer: real answers match their schemas and examples', async () => {
    const check = schemaChecker(document);
    const recordExample = example(
      operation(document, 'get', '/records/{id}').responses['200']?.content?.['application/json'],
    ) as { id: string };
    expect(check('RecordView', recordExample)).toEqual([]);
    const client = api(t.baseUrl);
    const correction = example(
      operation(document, 'post', '/records/{id}/corrections').requestBody?.content[
        'application/json'
      ],
    );
    expect((await client.post(`/records/${recordExample.id}/corrections`, correction)).status).toBe(
      201,
    );
    const record = await client.get(`/records/${recordExample.id}`);
    expect(record.status).toBe(200);
    expect(check('RecordView', record.body)).toEqual([]);
    expect(shape(record.body)).toEqual(shape(recordExample));

    const actorExample = example(
      operation(document, 'get', '/actors/{id}').responses['200']?.content?.['application/json'],
    );
    const actor = await client.get('/actors/donald-trump');
    expect(check('ActorView', actor.body)).toEqual([]);
    expect(actor.body).toEqual({
      ...(actorExample as object),
      registeredAt: (actor.body as { registeredAt: string }).registeredAt,
    });
    expect(check('RecordPage', (await client.get('/records?limit=3')).body)).toEqual([]);
    expect(
      check('RecordPage', (await client.get('/dyads/usa/rus/records?mode=rollup&limit=3')).body),
    ).toEqual([]);
    expect(check('ActorPage', (await client.get('/actors?limit=3')).body)).toEqual([]);
    expect(check('ProjectionReportList', (await client.get('/admin/projections')).body)).toEqual(
      [],
    );
    const subscription = await client.post<{ id: string }>('/subscriptions', {
      url: 'http://127.0.0.1:9/hook',
      from: 'now',
      filter: { kinds: ['threat'] },
    });
    expect(check('CreatedSubscription', subscription.body)).toEqual([]);
    expect(check('SubscriptionPage', (await client.get('/subscriptions')).body)).toEqual([]);
    expect((await client.delete(`/subscriptions/${subscription.body.id}`)).status).toBe(204);
  });

  it('gives request examples the service takes: the sample record is recorded (201)', async () => {
    const fresh = await startTestApp();
    try {
      const client = api(fresh.baseUrl);
      // A second app in the same process describes itself the same way.
      expect((await api(fresh.baseUrl, null).get('/openapi.json')).body).toEqual(document);
      const trump = example(
        operation(document, 'post', '/actors').requestBody?.content['application/json'],
      );
      const putin = readFileSync(join(SAMPLE_DATA_DIR, 'actors.ndjson'), 'utf8')
        .split('\n')
        .map((line) => (line.trim() ? (JSON.parse(line) as { id: string }) : undefined))
        .find((actor) => actor?.id === 'vladimir-putin');
      expect((await client.post('/actors', trump)).status).toBe(201);
      expect((await client.post('/actors', putin)).status).toBe(201);
      const record = example(
        operation(document, 'post', '/records').requestBody?.content['application/json'],
      );
      const created = await client.post('/records', record);
      expect([created.status, created.text]).toEqual([201, created.text]);
      expect(schemaChecker(document)('WriteReceipt', created.body)).toEqual([]);
      const affiliation = example(
        operation(document, 'post', '/actors/{id}/affiliations').requestBody?.content[
          'application/json'
        ],
      );
      expect(
        (
          await client.post('/actors', {
            id: 'us-government',
            name: 'US government',
            kind: 'government',
          })
        ).status,
      ).toBe(201);
      expect((await client.post('/actors/donald-trump/affiliations', affiliation)).status).toBe(
        201,
      );
    } finally {
      await fresh.close();
    }
  });

  it('serves a UI whose scripts and styles all load under the CSP it is sent with', async () => {
    const page = await api(t.baseUrl, null).get('/docs');
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    // Nothing inline for the CSP to refuse: no script body, no <style>, no style= or on...=.
    const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/docs\/[\w.-]+"/);
      expect(body?.trim()).toBe('');
    }
    expect(page.text).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    const sources = [...page.text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    for (const source of sources) {
      expect(source).toMatch(/^\/docs\//);
      const asset = await api(t.baseUrl, null).get(source);
      const type = source.endsWith('.js')
        ? /^text\/javascript/
        : source.endsWith('.css')
          ? /^text\/css/
          : /^image\//;
      expect([source, asset.status, asset.contentType]).toEqual([
        source,
        200,
        expect.stringMatching(type),
      ]);
    }
    const start = await api(t.baseUrl, null).get('/docs/docs.js');
    expect(start.text).toContain("url: '/openapi.json'");
    expect(start.text).toContain('persistAuthorization: true');
    expect((await api(t.baseUrl, null).get('/docs/../package.json')).status).toBe(404);
  });

  it('is the same document when the built service serves it (npm start)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-openapi-'));
    const parley = await startParleyProcess({
      PARLEY_DB: join(dir, 'parley.db'),
      PARLEY_SAMPLE_DATA: 'off',
    });
    try {
      const built = await api(parley.baseUrl, null).get<Document>('/openapi.json');
      expect(built.status).toBe(200);
      expect(built.body).toEqual(document);
    } finally {
      await parley.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads plugin metadata that is up to date with the DTOs and controllers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-openapi-metadata-'));
    try {
      const fresh = readFileSync(generate(dir), 'utf8');
      const committed = readFileSync(join(SOURCE_DIR, 'plugin-metadata.ts'), 'utf8');
      if (fresh !== committed)
        throw new Error(
          'src/openapi/plugin-metadata.ts is stale: run `npm run openapi:metadata` and commit it',
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what the types the page and the tests read were generated from (api-types.d.ts)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-openapi-types-'));
    try {
      const [documentFile, out] = [join(dir, 'openapi.json'), join(dir, 'api-types.d.ts')];
      writeFileSync(documentFile, JSON.stringify(document));
      // In a child process: openapi-typescript loads an ES module Jest cannot.
      execFileSync(process.execPath, [TYPES_SCRIPT, '--document', documentFile, '--out', out]);
      if (readFileSync(out, 'utf8') !== readFileSync(TYPES_FILE, 'utf8'))
        throw new Error(
          'src/page/assets/api-types.d.ts is stale: run `npm run openapi:types` and commit it',
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The keys and value types of a JSON value, recursively: what two answers share in shape. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  return value === null ? 'null' : typeof value;
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: null, or what the rest of the schema
 * allows (Ajv's own `nullable` keyword does not reach into `allOf: [{ $ref }]`, the form
 * a nullable reference takes in 3.0). `closed`: objects with named properties take no
 * others unless they say so.
 */
function jsonSchemaOf(value: unknown, closed = false): unknown {
  if (Array.isArray(value)) return value.map((v) => jsonSchemaOf(v, closed));
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, v]) => [key, jsonSchemaOf(v, closed)]),
  );
  if (closed && isSchemaWithProperties(rest) && rest.additionalProperties === undefined)
    converted.additionalProperties = false;
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

/** A schema object (not a map of property names) that names its properties. */
function isSchemaWithProperties(value: Record<string, unknown>): boolean {
  return value.type === 'object' && typeof value.properties === 'object';
}

/**
 * Whether a JSON answer's schema says what it holds: a reference, named properties, an
 * item schema, a combination, or a scalar; not nothing, a bare object, or bare text.
 */
function describesShape(schema: AnySchema | undefined): boolean {
  if (schema === undefined || typeof schema === 'boolean') return false;
  const keys = Object.keys(schema);
  if (
    ['$ref', 'properties', 'additionalProperties', 'items', 'allOf', 'oneOf', 'anyOf'].some((k) =>
      keys.includes(k),
    )
  )
    return true;
  return schema.type !== undefined && schema.type !== 'object' && schema.type !== 'string';
}
