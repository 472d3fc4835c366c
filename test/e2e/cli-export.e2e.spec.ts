import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, query } from '../support/client';
import { runCli } from '../support/cli';
import { startParleyProcess, type ParleyProcess } from '../support/parley-process';

// Child processes that each boot the service: allow for a loaded two-core machine.
jest.setTimeout(120_000);

/** The same filters, as `GET /export` takes them and as `parley export` does. */
const CASES: [Record<string, string>, string[]][] = [
  [{}, []],
  [{ source: 'donald-trump' }, ['--source', 'donald-trump']],
  [{ kind: 'threat', format: 'csv' }, ['--kind', 'threat', '--format', 'csv']],
  [
    { from: '2025-03-01', to: '2025-06-01', order: 'desc', includeRetracted: 'true' },
    ['--from', '2025-03-01', '--to', '2025-06-01', '--order', 'desc', '--include-retracted'],
  ],
  [
    { target: 'rus', topic: 'ukraine', format: 'csv' },
    ['--target', 'rus', '--topic', 'ukraine', '--format', 'csv'],
  ],
];

describe('parley export', () => {
  let dir: string;
  let dbFile: string;
  let server: ParleyProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-export-'));
    dbFile = join(dir, 'parley.db');
    expect(runCli(['import', '--sample'], { PARLEY_DB: dbFile }).status).toBe(0);
    server = await startParleyProcess({ PARLEY_DB: dbFile });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(CASES)('writes what GET /export answers for %j', async (params, args) => {
    const http = await api(server?.baseUrl ?? '').get(`/export${query(params)}`);
    expect(http.status).toBe(200);
    expect(http.text.length).toBeGreaterThan(0);
    const cli = runCli(['export', ...args], { PARLEY_DB: dbFile });
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(cli.stdout).toBe(http.text);
  });

  it('writes to --out instead of standard output', async () => {
    const out = join(dir, 'threats.csv');
    const cli = runCli(['export', '--kind', 'threat', '--format', 'csv', '--out', out], {
      PARLEY_DB: dbFile,
    });
    expect({ status: cli.status, stdout: cli.stdout }).toEqual({ status: 0, stdout: '' });
    const http = await api(server?.baseUrl ?? '').get('/export?kind=threat&format=csv');
    expect(readFileSync(out, 'utf8')).toBe(http.text);
    expect(http.text.split('\n')[0]).toMatch(/^id,kind,source,target,/);
  });
});
