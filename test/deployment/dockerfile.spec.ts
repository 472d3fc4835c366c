import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/**
 * The Dockerfile, read as Docker reads it. No Docker engine runs here, so the image is
 * never built in tests: what can be checked without one is checked here.
 */
const dockerfile = readFileSync(resolve(__dirname, '..', '..', 'Dockerfile'), 'utf8')
  // Docker joins a line that ends in a backslash with the next.
  .replace(/\\\n/g, ' ');
const instructions = dockerfile
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

const baseImages = instructions
  .filter((line) => /^FROM\s/i.test(line))
  .map((line) => line.split(/\s+/)[1] ?? '');

/** The HEALTHCHECK's command, in exec form: `CMD ["node", "-e", "..."]`. */
function healthCheckCommand(): string[] {
  const healthChecks = instructions.filter((line) => /^HEALTHCHECK\s/i.test(line));
  expect(healthChecks).toHaveLength(1);
  const exec = /\sCMD\s+(\[.*\])\s*$/.exec(healthChecks[0] ?? '')?.[1];
  expect(exec).toBeDefined();
  return JSON.parse(exec ?? '[]') as string[];
}

/** Runs the health check's command as Docker would inside the container, with its PORT. */
function runHealthCheck(port: number): Promise<number | null> {
  const [program, ...args] = healthCheckCommand();
  expect(program).toBe('node');
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, PORT: String(port) },
    stdio: 'ignore',
  });
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

async function serving(status: number): Promise<{ port: number; paths: string[]; server: Server }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { port: (server.address() as AddressInfo).port, paths, server };
}

describe('Dockerfile', () => {
  it('builds and runs on a supported Node, 22 or later, in every stage', () => {
    expect(baseImages.length).toBeGreaterThanOrEqual(2);
    for (const image of baseImages) {
      const major = Number(/^node:(\d+)/.exec(image)?.[1]);
      expect(major).toBeGreaterThanOrEqual(22);
    }
  });

  it('health-checks the service with node alone (the slim image has no curl)', async () => {
    const healthy = await serving(200);
    try {
      expect(await runHealthCheck(healthy.port)).toBe(0);
      expect(healthy.paths).toEqual(['/health/live']);
    } finally {
      healthy.server.close();
    }
  });

  it('reports unhealthy when the service answers an error or does not answer', async () => {
    const failing = await serving(503);
    try {
      expect(await runHealthCheck(failing.port)).toBe(1);
    } finally {
      failing.server.close();
    }
    const gone = await serving(200);
    await new Promise((closed) => gone.server.close(closed));
    expect(await runHealthCheck(gone.port)).toBe(1);
  });
});
