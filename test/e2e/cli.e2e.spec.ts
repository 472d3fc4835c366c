import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARLEY_BIN, startParleyProcess } from '../support/parley-process';

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [PARLEY_BIN, ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

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
      records: { created: 30, refused: 0 },
    });
    expect(countRecords(dbFile)).toBe(30);

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
    expect(countRecords(dbFile)).toBe(31);
  });

  it('serves HTTP on the configured port with the sample loaded, and stops on SIGTERM', async () => {
    const parley = await startParleyProcess({ PARLEY_DB: dbFile });
    let listed: number | undefined;
    try {
      const response = await fetch(`${parley.baseUrl}/records?limit=500`);
      listed = ((await response.json()) as { items: unknown[] }).items.length;
    } finally {
      expect(await parley.stop()).toBe(0);
    }
    expect({ stderr: parley.stderr(), listed }).toEqual({ stderr: '', listed: 30 });
  });

  it('refuses a bad configuration value, naming it', () => {
    const { status, stderr } = runCli(['serve'], { PARLEY_DB: dbFile, PORT: 'eighty' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/PORT="eighty"/);
  });
});
