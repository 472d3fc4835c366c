import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DATASET_FIXTURES,
  fixtureBytes,
  fixturePath,
  splitFixture,
} from '../fixtures/datasets/dataset-fixtures';
import { PARLEY_BIN } from '../support/parley-process';

// Child processes that each boot the service: allow for a loaded two-core machine.
jest.setTimeout(120_000);

interface FileReport {
  file: string;
  format: string;
  rows: number;
  taken: number;
  unchanged: number;
  skipped: number;
  skippedBy: Record<string, number>;
  refused: number;
  actorsRegistered: number;
}

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: Buffer,
): { status: number | null; reports: FileReport[]; stderr: string } {
  const result = spawnSync(process.execPath, [PARLEY_BIN, ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 90_000,
    ...(input ? { input } : {}),
  });
  const reports = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as FileReport);
  return { status: result.status, reports, stderr: result.stderr };
}

function actorIds(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db
      .prepare<[], { id: string }>('SELECT id FROM actors ORDER BY id')
      .all()
      .map((row) => row.id);
  } finally {
    db.close();
  }
}

describe('parley import --format, from a fresh file', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-datasets-'));
    env = { PARLEY_DB: join(dir, 'parley.db'), PARLEY_SAMPLE_DATA: 'off' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['gdelt2', DATASET_FIXTURES.gdelt2],
    ['gdelt1', DATASET_FIXTURES.gdelt1],
    ['icews', DATASET_FIXTURES.icews],
    ['polecat', DATASET_FIXTURES.polecat],
  ])('imports a %s file, accounting for every row; a second run adds nothing', (format, name) => {
    const rows = splitFixture(name).rows.length;
    const first = runCli(['import', '--format', format, fixturePath(name)], env);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.reports).toHaveLength(1);
    const [report] = first.reports;
    expect(report).toMatchObject({ format, rows, refused: 0, unchanged: 0 });
    expect((report?.taken ?? 0) + (report?.skipped ?? 0)).toBe(rows);
    expect(report?.taken).toBeGreaterThan(0);

    const second = runCli(['import', '--format', format, fixturePath(name)], env);
    expect(second.status).toBe(0);
    expect(second.reports[0]).toMatchObject({
      rows,
      taken: 0,
      unchanged: report?.taken,
      skipped: report?.skipped,
      actorsRegistered: 0,
    });
  });

  it('takes globs and zips, and standard input', () => {
    copyFileSync(fixturePath(DATASET_FIXTURES.gdelt2Zip), join(dir, 'a.export.CSV.zip'));
    const globbed = runCli(['import', '--format', 'gdelt2', join(dir, '*.export.CSV.zip')], env);
    expect(globbed.status).toBe(0);
    expect(globbed.reports.map((r) => [r.file, r.rows])).toEqual([
      [join(dir, 'a.export.CSV.zip'), splitFixture(DATASET_FIXTURES.gdelt2).rows.length],
    ]);
    const piped = runCli(
      ['import', '--format', 'gdelt2', '-'],
      env,
      fixtureBytes(DATASET_FIXTURES.gdelt2),
    );
    expect(piped.status).toBe(0);
    expect(piped.reports[0]).toMatchObject({
      file: 'stdin',
      taken: 0,
      unchanged: globbed.reports[0]?.taken,
    });
  });

  it('fails with exit code 2 when no file matches', () => {
    const result = runCli(['import', '--format', 'gdelt2', join(dir, 'none-*.zip')], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no file matches/);
  });

  it('folds a dataset actor into an existing one through the actor map', () => {
    const map = join(dir, 'actor-map.json');
    const alias = spawnSync(
      process.execPath,
      [PARLEY_BIN, 'actors', 'alias', 'USAGOV', 'usa', '--actor-map', map],
      { env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    expect(alias.status).toBe(0);
    const result = runCli(
      ['import', '--format', 'gdelt2', '--actor-map', map, fixturePath(DATASET_FIXTURES.gdelt2)],
      env,
    );
    expect(result.status).toBe(0);
    const ids = actorIds(env.PARLEY_DB ?? '');
    expect(ids).toContain('usa');
    expect(ids).not.toContain('usa-gov');
  });
});
