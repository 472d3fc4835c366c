import { authHeaders, TEST_KEYS } from '../support/api-keys';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../support/cli';
import { PARLEY_BIN, startParleyProcess } from '../support/parley-process';

// Child processes and tens of thousands of events: allow for a loaded two-core machine.
jest.setTimeout(120_000);

function countRecords(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true });
  try {
    const row = db
      .prepare<[], { n: number }>(
        "SELECT COUNT(*) AS n FROM events WHERE type IN ('StatementRecorded','ThreatIssued','DenialIssued')",
      )
      .get();
    return row?.n ?? 0;
  } finally {
    db.close();
  }
}

describe('the parley CLI', () => {
  let dir: string;
  let dbFile: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    dbFile = join(dir, 'parley.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its commands with --help', () => {
    const { status, stdout } = runCli(['--help'], {});
    expect(status).toBe(0);
    expect(stdout).toMatch(/serve/);
    expect(stdout).toMatch(/import/);
  });

  it('imports the sample, then an NDJSON file, reporting each line and failing on a refused one', () => {
    const sample = runCli(['import', '--sample'], { PARLEY_DB: dbFile });
    expect(sample.status).toBe(0);
    expect(JSON.parse(sample.stdout)).toMatchObject({
      actors: 18,
      records: { created: 33, refused: 0 },
    });
    expect(countRecords(dbFile)).toBe(33);

    const good = {
      kind: 'statement',
      source: 'dmitry-peskov',
      target: 'donald-trump',
      occurredAt: '2025-06-01T12:00:00+03:00',
      precision: 'day',
      quote: 'We remain open to dialogue.',
      citation: { outlet: 'Test outlet', title: 'Test title' },
    };
    const file = join(dir, 'records.ndjson');
    writeFileSync(file, `${JSON.stringify(good)}\n{"kind":"statement"}\n`);
    const result = runCli(['import', file], { PARLEY_DB: dbFile });
    expect(result.status).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { line: number; status: string });
    expect(lines.map((l) => [l.line, l.status])).toEqual([
      [1, 'created'],
      [2, 'refused'],
    ]);
    expect(countRecords(dbFile)).toBe(34);
  });

  it('serves HTTP on the configured port with the sample loaded, and stops on SIGTERM', async () => {
    const parley = await startParleyProcess({ PARLEY_DB: dbFile });
    let listed: number | undefined;
    try {
      const response = await fetch(`${parley.baseUrl}/records?limit=500`, {
        headers: authHeaders(),
      });
      listed = ((await response.json()) as { items: unknown[] }).items.length;
    } finally {
      expect(await parley.stop()).toBe(0);
    }
    expect({ stderr: parley.stderr(), listed }).toEqual({ stderr: '', listed: 33 });
  });

  it('refuses a bad configuration value, naming it', () => {
    const { status, stderr } = runCli(['serve'], { PARLEY_DB: dbFile, PORT: 'eighty' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/PORT="eighty"/);
  });

  it('rebuilds a projection into a new generation and reports it, in-process or through a running server', async () => {
    expect(runCli(['import', '--sample'], { PARLEY_DB: dbFile }).status).toBe(0);
    const rebuilt = runCli(['rebuild', 'tone'], { PARLEY_DB: dbFile });
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(
      /^rebuilt tone: version \d+, generation 2, checkpoint [0-9a-f]{32}$/m,
    );
    const listed = runCli(['projections', '--json'], { PARLEY_DB: dbFile });
    const reports = JSON.parse(listed.stdout) as {
      name: string;
      generation: number;
      state: string;
    }[];
    expect(reports.map((r) => [r.name, r.generation, r.state])).toEqual([
      ['actors', 1, 'live'],
      ['records', 1, 'live'],
      ['tone', 2, 'live'],
    ]);

    // A server now holds the projections of the file: the CLI asks it over HTTP.
    const parley = await startParleyProcess({ PARLEY_DB: dbFile });
    try {
      const refused = runCli(['rebuild', 'records'], { PARLEY_DB: dbFile });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/--url/);
      const viaServer = spawnSync(
        process.execPath,
        [PARLEY_BIN, 'rebuild', 'records', '--url', parley.baseUrl],
        {
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, PARLEY_API_KEY: TEST_KEYS.operator },
        },
      );
      expect(viaServer.status).toBe(0);
      expect(viaServer.stdout).toMatch(/^rebuilt records: version \d+, generation 2/m);
    } finally {
      expect(await parley.stop()).toBe(0);
    }
  });
});
