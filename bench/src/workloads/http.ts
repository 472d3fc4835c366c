import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { benchActors, RecordFactory } from '../dataset';
import {
  AUTHORIZATION,
  HOT_SOURCE,
  HOT_TARGET,
  ROLLUP_SOURCE,
  ROLLUP_TARGET,
  SPAN_FROM,
  SPAN_TO,
} from '../scale';
import { appendDyads } from './append';
import { latencyLoop, quantile } from './measure';
import { call, startBareFastify, startServer, type ServerUnderBench } from './server';

export interface HttpFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  /** Mean response size (headers and body), from autocannon's byte and request counts. */
  readonly bytesPerResponse?: number;
}

export interface HttpResult {
  readonly runs: Record<string, HttpFigures>;
  readonly serverPeakRssMb: number;
}

function figures(result: autocannon.Result): HttpFigures {
  if (result['2xx'] === 0) throw new Error(`No request succeeded: ${JSON.stringify(result)}`);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
  };
}

/** Registers the actors the records name, through the API as a recorder would. */
async function registerActors(baseUrl: string): Promise<string[]> {
  const actors = benchActors(22);
  for (const actor of actors) await call(baseUrl, 'POST', '/actors', actor, [201, 200]);
  return actors.map((actor) => actor.id);
}

/** autocannon's per-request timeout, in seconds: a slow answer is a figure, not an error. */
const REQUEST_TIMEOUT_S = 120;

/** `POST /records` at concurrency 32, each request a new record (its own id) on one of 50 dyads. */
export async function runHttpAppend(
  dbFile: string,
  seconds: number,
  profileDir?: string,
): Promise<HttpResult> {
  const server = await startServer(dbFile, profileDir);
  try {
    await registerActors(server.baseUrl);
    const dyads = appendDyads();
    const factory = new RecordFactory(7);
    // More bodies than the run can send: a repeated id would be an idempotent retry.
    const bodies = Array.from({ length: Math.max(20_000, seconds * 6_000) }, (_, i) => {
      const [source, target] = dyads[i % dyads.length] as readonly [string, string];
      return JSON.stringify(factory.draft(source, target));
    });
    let next = 0;
    const result = await autocannon({
      url: server.baseUrl,
      connections: 32,
      duration: seconds,
      timeout: REQUEST_TIMEOUT_S,
      requests: [
        {
          method: 'POST',
          path: '/records',
          headers: { authorization: AUTHORIZATION, 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        },
      ],
    });
    if (next > bodies.length) throw new Error('The run outran its distinct records');
    return { runs: { post: figures(result) }, serverPeakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
  }
}

/**
 * Waits out the requests a previous run left queued in the server (autocannon stops
 * sending at its deadline, the server still answers what it holds): until a liveness
 * probe answers within 20 ms three times running.
 */
async function waitUntilIdle(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (let quick = 0; quick < 3 && Date.now() < deadline;) {
    const start = performance.now();
    await fetch(`${baseUrl}/health/live`).then((response) => response.text());
    quick = performance.now() - start < 20 ? quick + 1 : 0;
  }
}

export const TONE_PATH = `/dyads/${HOT_SOURCE}/${HOT_TARGET}/tone?from=${SPAN_FROM}&to=${SPAN_TO}&bucket=day&tz=Europe/Moscow`;
export const ROLLUP_PATH = `/dyads/${ROLLUP_SOURCE}/${ROLLUP_TARGET}/tone?mode=rollup&from=${SPAN_FROM}&to=${SPAN_TO}&bucket=day&tz=Europe/Moscow`;
export const RECORDS_PATH = `/records?source=${HOT_SOURCE}&target=${HOT_TARGET}&kind=threat&from=2020-01-01&limit=50`;

async function load(
  server: ServerUnderBench,
  path: string,
  connections: number,
  seconds: number,
): Promise<HttpFigures> {
  await waitUntilIdle(server.baseUrl);
  await call(server.baseUrl, 'GET', path, undefined, [200]);
  const result = await autocannon({
    url: `${server.baseUrl}${path}`,
    connections,
    duration: seconds,
    timeout: REQUEST_TIMEOUT_S,
    headers: { authorization: AUTHORIZATION },
  });
  return figures(result);
}

export interface HttpQueryResult extends HttpResult {
  /** The record list at concurrency 32, parley and the bare Fastify route alternately, round by round. */
  readonly recordsC32Rounds: { parley: HttpFigures; bare: HttpFigures }[];
  readonly bareFastifyPeakRssMb: number;
  /** Records the roll-up counted over the span (the log holds `rollupRecords` of them). */
  readonly rolledUpRecords: number;
}

/**
 * The reads at the generated log's size: the tone series of the busiest dyad over ten
 * years in daily buckets in Moscow time (3,653 buckets), and a filtered record list (one
 * dyad, one kind, a date range, a page of 50), each at concurrency 1 (the latency a lone
 * analyst sees) and 32 (the throughput); the roll-up of the two states over the same
 * span at concurrency 1. The record list at concurrency 32 runs `rounds` times beside
 * the bare Fastify route (its limit), the two alternating.
 */
export async function runHttpQuery(
  dbFile: string,
  seconds: number,
  rounds: number,
  profileDir?: string,
): Promise<HttpQueryResult> {
  const server = await startServer(dbFile, profileDir);
  const bare = await startBareFastify(dbFile);
  try {
    const tone = (await call(server.baseUrl, 'GET', TONE_PATH, undefined, [200])) as {
      series: unknown[];
    };
    if (tone.series.length < 3650) throw new Error(`Tone answered ${tone.series.length} buckets`);
    const rollup = (await call(server.baseUrl, 'GET', ROLLUP_PATH, undefined, [200])) as {
      series: { counts: { total: number } }[];
    };
    const rolledUp = rollup.series.reduce((sum, bucket) => sum + bucket.counts.total, 0);
    if (rollup.series.length < 3650 || rolledUp === 0) {
      throw new Error(
        `The roll-up answered ${rollup.series.length} buckets holding ${rolledUp} records`,
      );
    }
    const listed = (await call(server.baseUrl, 'GET', RECORDS_PATH, undefined, [200])) as {
      items: unknown[];
    };
    const bareListed = (await call(bare.baseUrl, 'GET', RECORDS_PATH, undefined, [200])) as {
      items: unknown[];
    };
    if (listed.items.length !== bareListed.items.length) {
      throw new Error(
        `parley listed ${listed.items.length} records, the bare route ${bareListed.items.length}`,
      );
    }
    const runs: Record<string, HttpFigures> = {};
    for (const [name, path] of [
      ['tone', TONE_PATH],
      ['records', RECORDS_PATH],
    ] as const) {
      for (const connections of [1, 32]) {
        runs[`${name}-c${connections}`] = await load(server, path, connections, seconds);
      }
    }
    runs['rollup-c1'] = await load(server, ROLLUP_PATH, 1, seconds);
    const recordsC32Rounds: { parley: HttpFigures; bare: HttpFigures }[] = [];
    for (let round = 0; round < rounds; round++) {
      const sides = round % 2 ? (['bare', 'parley'] as const) : (['parley', 'bare'] as const);
      const figuresOf: Partial<Record<'parley' | 'bare', HttpFigures>> = {};
      for (const side of sides) {
        figuresOf[side] = await load(side === 'parley' ? server : bare, RECORDS_PATH, 32, seconds);
      }
      recordsC32Rounds.push(figuresOf as { parley: HttpFigures; bare: HttpFigures });
    }
    return {
      runs,
      rolledUpRecords: rolledUp,
      recordsC32Rounds,
      serverPeakRssMb: server.peakRssMb(),
      bareFastifyPeakRssMb: bare.peakRssMb(),
    };
  } finally {
    await bare.stop();
    await server.stop();
  }
}

/** Fetches `path` one request at a time for `seconds` (at least three): what a lone analyst waits. */
async function sequential(
  baseUrl: string,
  path: string,
  seconds: number,
): Promise<HttpFigures & { requests: number }> {
  const samples: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  while (samples.length < 3 || performance.now() < end) {
    const before = performance.now();
    await call(baseUrl, 'GET', path, undefined, [200]);
    samples.push(performance.now() - before);
  }
  return {
    requestsPerSecond: samples.length / ((performance.now() - start) / 1000),
    p50Ms: quantile(samples, 0.5),
    p99Ms: quantile(samples, 0.99),
    errors: 0,
    non2xx: 0,
    requests: samples.length,
  };
}

/**
 * The tone series of a dyad holding every record of the log (the one-dyad log), ten
 * years daily in Moscow time, at concurrency 1, one request at a time (an answer may take
 * seconds); its limit, the same tone rows by bare SQL in this process first.
 */
export async function runHttpToneDeep(
  dbFile: string,
  seconds: number,
  profileDir?: string,
): Promise<{
  run: HttpFigures & { requests: number };
  limit: { perSecond: number; p50Ms: number; p99Ms: number };
  serverPeakRssMb: number;
}> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const toneRows = db.prepare(
    `SELECT * FROM tone_points WHERE source = ? AND target = ? AND occurred_at_ms >= ? AND occurred_at_ms < ?
       AND valid_to_ms IS NULL ORDER BY occurred_at_ms, record_id`,
  );
  const fromMs = Date.parse(`${SPAN_FROM}T00:00:00+03:00`);
  const toMs = Date.parse(`${SPAN_TO}T00:00:00+03:00`);
  const limit = latencyLoop(seconds, () => toneRows.all(HOT_SOURCE, HOT_TARGET, fromMs, toMs));
  db.close();
  const server = await startServer(dbFile, profileDir);
  try {
    await call(server.baseUrl, 'GET', TONE_PATH, undefined, [200]);
    const run = await sequential(server.baseUrl, TONE_PATH, seconds);
    return { run, limit, serverPeakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
  }
}
