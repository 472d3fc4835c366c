import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { BARE_FASTIFY_ENTRY, PARLEY_BIN } from '../paths';
import { AUTHORIZATION, BENCH_API_KEYS_ENV } from '../scale';

/** A `parley serve` under benchmark, as `npm start` runs it (the built service). */
export interface ServerUnderBench {
  readonly baseUrl: string;
  readonly pid: number;
  /** The server's peak resident memory so far, in MiB (VmHWM). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers 200, or fails when the child exits or `deadline` passes. */
async function untilReady(
  child: ChildProcess,
  url: string,
  stderr: () => string,
  name: string,
): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr()}`);
    const ready = await fetch(url).catch(() => undefined);
    if (ready?.ok) return;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 120 s: ${stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * The limit of the record list over HTTP: a bare Fastify server (no Nest, no validation,
 * no auth, no mapping) in a child of its own, answering `GET /records` with the same SQL
 * on a read-only connection to `dbFile` (bench/src/workloads/bare-fastify.ts).
 */
export async function startBareFastify(dbFile: string): Promise<ServerUnderBench> {
  const port = await freePort();
  const child = spawn(process.execPath, [BARE_FASTIFY_ENTRY, dbFile, String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await untilReady(child, `${baseUrl}/health`, () => stderr, 'the bare Fastify server');
  const pid = child.pid ?? 0;
  return {
    baseUrl,
    pid,
    peakRssMb: () => peakRssOf(pid),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Waits until every projection has applied the whole log (`GET /admin/projections`, each
 * lag 0 events, no rebuild under way): the read models have caught up.
 */
export async function waitForCatchUp(baseUrl: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { items } = (await call(baseUrl, 'GET', '/admin/projections', undefined, [200])) as {
      items: { lag: { events: number } | null; rebuild: unknown }[];
    };
    if (items.every((item) => item.lag?.events === 0 && item.rebuild === null)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts the server on `dbFile` with the benchmark's key, rate limiting off, logs off
 * and no sample data; resolves once `/health/ready` answers 200. With `profileDir`,
 * the server writes a V8 CPU profile there when it stops.
 */
export async function startServer(dbFile: string, profileDir?: string): Promise<ServerUnderBench> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), PARLEY_BIN, 'serve'],
    {
      env: {
        ...process.env,
        PARLEY_DB: dbFile,
        PORT: String(port),
        HOST: '127.0.0.1',
        PARLEY_API_KEYS: BENCH_API_KEYS_ENV,
        PARLEY_RATE_LIMIT: '0',
        LOG_LEVEL: 'silent',
        PARLEY_SAMPLE_DATA: 'off',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await untilReady(child, `${baseUrl}/health/ready`, () => stderr, 'parley serve');
  const pid = child.pid ?? 0;
  return {
    baseUrl,
    pid,
    peakRssMb: () => peakRssOf(pid),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A JSON request with the benchmark's key; fails on anything but the expected status. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  expected: number[],
): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: AUTHORIZATION, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
