import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TEST_API_KEYS_ENV } from './api-keys';
import { pollUntil } from './waiting';

/** The CLI as a user runs it: the built `bin/parley.js` (npm test builds first). */
export const PARLEY_BIN = resolve(__dirname, '..', '..', 'bin', 'parley.js');

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface ParleyProcess {
  readonly baseUrl: string;
  /** What the process wrote to standard error so far. */
  stderr(): string;
  /** What the process wrote to standard output so far: its JSON log lines, at `LOG_LEVEL`. */
  stdout(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Kills it outright (SIGKILL), as a crash would; resolves once it is gone. */
  kill(): Promise<void>;
  /** Sends a signal (SIGSTOP freezes it as a stalled VM would; SIGCONT resumes it). */
  signal(signal: NodeJS.Signals): void;
}

/**
 * `parley serve` in a child process, as `npm start` runs it, on a free port; resolves
 * once it answers ready, and fails at once if it exits first.
 */
export async function startParleyProcess(env: Record<string, string>): Promise<ParleyProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [PARLEY_BIN, 'serve'], {
    env: {
      ...process.env,
      LOG_LEVEL: 'silent',
      PARLEY_API_KEYS: TEST_API_KEYS_ENV,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await pollUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`parley serve exited: ${stderr}`);
        const ready = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
        return ready?.ok ? true : undefined;
      },
      'parley to serve',
      30_000,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    baseUrl,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    signal(signal) {
      if (child.exitCode === null) child.kill(signal);
    },
  };
}
