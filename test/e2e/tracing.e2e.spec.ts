import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { startParleyProcess, type ParleyProcess } from '../support/parley-process';
import { pollUntil } from '../support/waiting';

// Child processes on a loaded two-core machine.
jest.setTimeout(60_000);

interface EventPage {
  items: { type: string; metadata: Record<string, unknown> }[];
}

/** A span as OTLP/JSON carries it (ids in hex). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 2: SERVER. */
  kind: number;
}

/**
 * An OpenTelemetry collector as far as the exporter can tell: it takes OTLP/HTTP JSON
 * at /v1/traces and keeps the spans.
 */
async function startCollector(): Promise<{ url: string; spans: OtlpSpan[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const parsed = JSON.parse(body) as {
          resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
        };
        for (const resource of parsed.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, server };
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const W3C_TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

async function registerActor(baseUrl: string, headers: Record<string, string>): Promise<string> {
  const id = `traced-${randomUUID().slice(0, 8)}`;
  const response = await api(baseUrl).post(
    '/actors',
    { id, name: 'Traced Actor', kind: 'person' },
    { headers },
  );
  expect(response.status).toBe(201);
  return id;
}

async function storedMetadata(baseUrl: string, actor: string): Promise<Record<string, unknown>> {
  const page = await api(baseUrl).get<EventPage>(`/streams/actor-${actor}/events`);
  expect(page.status).toBe(200);
  const [registered] = page.body.items;
  expect(registered?.type).toBe('ActorRegistered');
  return registered?.metadata ?? {};
}

describe('tracing on (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let parley: ParleyProcess;
  let dir: string;

  beforeAll(async () => {
    collector = await startCollector();
    dir = mkdtempSync(join(tmpdir(), 'parley-tracing-'));
    parley = await startParleyProcess({
      PARLEY_DB: join(dir, 'parley.db'),
      PARLEY_SAMPLE_DATA: 'off',
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Export each batch at once rather than every five seconds.
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
  });

  afterAll(async () => {
    await parley?.stop();
    await new Promise((closed) => collector?.server.close(closed));
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the server span in the caller’s trace, logs its trace id and stores it with the event', async () => {
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const actor = await registerActor(parley.baseUrl, {
      traceparent: `00-${traceId}-${callerSpanId}-01`,
    });

    const serverSpan = await pollUntil(
      () => collector.spans.find((span) => span.traceId === traceId && span.kind === 2),
      'the server span to reach the collector',
    );
    expect(serverSpan.parentSpanId).toBe(callerSpanId);

    const logLine = await pollUntil(
      () =>
        parley
          .stdout()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((line) => line.trace_id === traceId),
      'a log line with the trace id',
    );
    expect(logLine.span_id).toMatch(/^[0-9a-f]{16}$/);

    const { traceparent } = await storedMetadata(parley.baseUrl, actor);
    const [, storedTrace, storedSpan] = W3C_TRACEPARENT.exec(String(traceparent)) ?? [];
    expect(storedTrace).toBe(traceId);
    // parley's own span, a child of the caller's, so a consumer's span joins the trace there.
    expect(storedSpan).not.toBe(callerSpanId);
    await pollUntil(
      () => collector.spans.find((span) => span.spanId === storedSpan),
      'the span named in the event to reach the collector',
    );
  });
});

describe('tracing off (no OTEL_* exporter settings)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('still carries a caller’s traceparent into the event, as it came', async () => {
    const traceparent = `00-${hex(16)}-${hex(8)}-01`;
    const actor = await registerActor(app.baseUrl, { traceparent });
    expect((await storedMetadata(app.baseUrl, actor)).traceparent).toBe(traceparent);
  });

  it.each([
    ['not W3C trace context', 'not-a-traceparent'],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${'1'.repeat(16)}-01`],
    ['an all-zero span id', `00-${'1'.repeat(32)}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${'1'.repeat(32)}-${'1'.repeat(16)}-01`],
  ])('stores no traceparent for %s, and still takes the write', async (_what, traceparent) => {
    const actor = await registerActor(app.baseUrl, { traceparent });
    expect(await storedMetadata(app.baseUrl, actor)).not.toHaveProperty('traceparent');
  });

  it('stores no traceparent when the request has none', async () => {
    const actor = await registerActor(app.baseUrl, {});
    expect(await storedMetadata(app.baseUrl, actor)).not.toHaveProperty('traceparent');
  });

  it('loads nothing of the OpenTelemetry SDK in `parley serve`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-tracing-off-'));
    // Reports, as the process exits, which OpenTelemetry packages it had loaded.
    const probe = join(dir, 'probe.js');
    writeFileSync(
      probe,
      [
        'const otel = /node_modules\\/(@opentelemetry\\/[^/]+|@fastify\\/otel)\\//;',
        "process.on('exit', () => {",
        '  const loaded = new Set();',
        '  for (const file of Object.keys(require.cache)) {',
        '    const match = otel.exec(file);',
        '    if (match) loaded.add(match[1]);',
        '  }',
        "  process.stderr.write('OTEL-MODULES ' + JSON.stringify([...loaded]) + '\\n');",
        '});',
      ].join('\n'),
    );
    const parley = await startParleyProcess({
      PARLEY_DB: join(dir, 'parley.db'),
      PARLEY_SAMPLE_DATA: 'off',
      NODE_OPTIONS: `--require ${probe}`,
    });
    try {
      await registerActor(parley.baseUrl, { traceparent: `00-${hex(16)}-${hex(8)}-01` });
    } finally {
      await parley.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const report = /OTEL-MODULES (.*)/.exec(parley.stderr())?.[1];
    expect(report).toBeDefined();
    const loaded = JSON.parse(report ?? '[]') as string[];
    // The API alone (a no-op without the SDK) is what reads the active span.
    expect(loaded.filter((name) => name !== '@opentelemetry/api')).toEqual([]);
  });
});
