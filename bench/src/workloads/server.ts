import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { PARLEY_BIN } from '../paths';
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
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`parley serve exited: ${stderr}`);
    const ready = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
    if (ready?.ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`parley serve was not ready within 120 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid ?? 0;
  return {
    baseUrl,
    pid,
    peakRssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kb / 1024;
    },
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
