import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { benchActors, RecordFactory } from '../dataset';
import { AUTHORIZATION, HOT_SOURCE, HOT_TARGET, SPAN_FROM, SPAN_TO } from '../scale';
import { call, startServer } from './server';

export interface HttpFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
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
  };
}

/** Registers the actors the records name, through the API as a recorder would. */
async function registerActors(baseUrl: string): Promise<string[]> {
  const actors = benchActors(22);
  for (const actor of actors) await call(baseUrl, 'POST', '/actors', actor, [201, 200]);
  return actors.map((actor) => actor.id);
}

/** `POST /records` at concurrency 32, each request a new record (its own id) on one of 50 dyads. */
export async function runHttpAppend(
  dbFile: string,
  seconds: number,
  profileDir?: string,
): Promise<HttpResult> {
  const server = await startServer(dbFile, profileDir);
  try {
    const actors = await registerActors(server.baseUrl);
    const factory = new RecordFactory(7);
    // More bodies than the run can send: a repeated id would be an idempotent retry.
    const bodies = Array.from({ length: Math.max(20_000, seconds * 6_000) }, (_, i) => {
      const source = actors[i % actors.length] as string;
      const target = actors[(i * 7 + 3) % actors.length] as string;
      return JSON.stringify(
        factory.draft(
          source,
          source === target ? (actors[(i + 1) % actors.length] as string) : target,
        ),
      );
    });
    let next = 0;
    const result = await autocannon({
      url: server.baseUrl,
      connections: 32,
      duration: seconds,
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
export const RECORDS_PATH = `/records?source=${HOT_SOURCE}&target=${HOT_TARGET}&kind=threat&from=2020-01-01&limit=50`;

/**
 * The two reads at the generated log's size: the tone series of the busiest dyad over
 * ten years in daily buckets in Moscow time (3,653 buckets), and a filtered record list
 * (one dyad, one kind, a date range, a page of 50). Each at concurrency 1 (the latency a
 * lone analyst sees) and 32 (the throughput).
 */
export async function runHttpQuery(
  dbFile: string,
  seconds: number,
  profileDir?: string,
): Promise<HttpResult> {
  const server = await startServer(dbFile, profileDir);
  try {
    const tone = (await call(server.baseUrl, 'GET', TONE_PATH, undefined, [200])) as {
      series: unknown[];
    };
    if (tone.series.length < 3650) throw new Error(`Tone answered ${tone.series.length} buckets`);
    await call(server.baseUrl, 'GET', RECORDS_PATH, undefined, [200]);
    const runs: Record<string, HttpFigures> = {};
    for (const [name, path] of [
      ['tone', TONE_PATH],
      ['records', RECORDS_PATH],
    ] as const) {
      for (const connections of [1, 32]) {
        await waitUntilIdle(server.baseUrl);
        await call(server.baseUrl, 'GET', path, undefined, [200]);
        const result = await autocannon({
          url: `${server.baseUrl}${path}`,
          connections,
          duration: seconds,
          headers: { authorization: AUTHORIZATION },
        });
        runs[`${name}-c${connections}`] = figures(result);
      }
    }
    return { runs, serverPeakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
  }
}
