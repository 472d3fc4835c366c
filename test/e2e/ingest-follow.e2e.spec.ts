import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authHeaders, TEST_API_KEYS_ENV } from '../support/api-keys';
import { PARLEY_BIN, startParleyProcess } from '../support/parley-process';
import { openReadOnly } from '../support/store';
import { pollUntil } from '../support/waiting';
import {
  exportName,
  FOLLOW_BATCHES,
  startGdeltServer,
  type GdeltTestServer,
} from '../fixtures/gdelt-follow/gdelt-server';

// Child processes importing 2,271 real rows: allow for a loaded two-core machine.
jest.setTimeout(90_000);

interface CheckpointRow {
  url: string;
  md5: string;
  rows: number;
  taken: number;
  unchanged: number;
  skipped: number;
  refused: number;
  finished_at: string;
}

interface IngestStatusBody {
  state: string;
  baseUrl: string;
  lastPollAt: string | null;
  filesDone: number;
  lastFile: { url: string; report: { rows: number; taken: number } } | null;
  lastError: { url: string; kind: string; message: string } | null;
}

interface FollowEventLine {
  event: 'importing' | 'imported' | 'refused' | 'failed';
  url: string;
  report?: { rows: number; taken: number; unchanged: number };
  message?: string;
}

/** The checkpoint table, in the order the files were finished. */
function checkpoint(dbFile: string): CheckpointRow[] {
  if (!existsSync(dbFile)) return [];
  const db = openReadOnly(dbFile);
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'ingest_files'")
      .get();
    if (!table) return [];
    return db
      .prepare<[], CheckpointRow>('SELECT * FROM ingest_files ORDER BY finished_at, rowid')
      .all();
  } finally {
    db.close();
  }
}

/** Records from GDELT rows in the log: creation events, and the distinct records they create. */
function gdeltRecords(dbFile: string): { events: number; records: number } {
  if (!existsSync(dbFile)) return { events: 0, records: 0 };
  const db = openReadOnly(dbFile);
  try {
    return db
      .prepare<[], { events: number; records: number }>(
        `SELECT COUNT(*) AS events, COUNT(DISTINCT json_extract(data, '$.recordId')) AS records
           FROM events
          WHERE type IN ('StatementRecorded', 'ThreatIssued', 'DenialIssued', 'ActionRecorded')
            AND json_extract(data, '$.origin.dataset') = 'gdelt2'`,
      )
      .get()!;
  } finally {
    db.close();
  }
}

/** The rows of the files done that are records: each taken once, or found already there. */
function importableRows(rows: readonly CheckpointRow[]): number {
  return rows.reduce((sum, row) => sum + row.taken + row.unchanged, 0);
}

interface IngestRun {
  /** The JSON lines written so far. */
  readonly events: FollowEventLine[];
  readonly exited: Promise<number | null>;
  stderr(): string;
  kill(): Promise<void>;
}

/** `parley ingest gdelt ...` as a child process, its standard output read line by line. */
function runIngest(args: readonly string[], env: Record<string, string>): IngestRun {
  const child = spawn(process.execPath, [PARLEY_BIN, 'ingest', 'gdelt', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', PARLEY_SAMPLE_DATA: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: FollowEventLine[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as FollowEventLine);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    events,
    exited,
    stderr: () => stderr,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

const urlOf = (server: GdeltTestServer, index: number): string =>
  `${server.baseUrl}/${exportName(FOLLOW_BATCHES[index]!)}`;

describe('following GDELT 2.0 (parley ingest gdelt)', () => {
  let dir: string;
  let dbFile: string;
  let server: GdeltTestServer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-follow-'));
    dbFile = join(dir, 'parley.db');
    server = await startGdeltServer();
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('in parley serve, follows lastupdate.txt as it moves: refuses a wrong MD5 until it is right, then takes each file once, in order, with its progress in GET /admin/ingest and /metrics', async () => {
    const parley = await startParleyProcess({
      PARLEY_DB: dbFile,
      PARLEY_SAMPLE_DATA: 'off',
      PARLEY_API_KEYS: TEST_API_KEYS_ENV,
      PARLEY_GDELT_FOLLOW: 'on',
      PARLEY_GDELT_BASE_URL: server.baseUrl,
      PARLEY_GDELT_POLL_INTERVAL: '200ms',
    });
    const status = async (): Promise<IngestStatusBody> => {
      const response = await fetch(`${parley.baseUrl}/admin/ingest`, {
        headers: authHeaders('operator'),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as IngestStatusBody;
    };
    try {
      expect((await fetch(`${parley.baseUrl}/admin/ingest`)).status).toBe(401);
      expect(
        (await fetch(`${parley.baseUrl}/admin/ingest`, { headers: authHeaders('analyst') })).status,
      ).toBe(403);

      // The first batch, announced with a checksum its bytes do not have.
      server.publish(FOLLOW_BATCHES[0], { md5: '0'.repeat(32) });
      const refused = await pollUntil(async () => {
        const body = await status();
        return body.lastError ? body : undefined;
      }, 'the wrong MD5 to be reported');
      expect(refused).toMatchObject({
        baseUrl: server.baseUrl,
        filesDone: 0,
        lastFile: null,
        lastError: { url: urlOf(server, 0), kind: 'refused' },
      });
      expect(refused.lastError?.message).toMatch(/MD5/);
      expect(refused.lastPollAt).not.toBeNull();
      expect(gdeltRecords(dbFile).events).toBe(0);
      expect(checkpoint(dbFile)).toEqual([]);

      // The list is put right (then moves on): each next poll takes the file it names.
      for (const [index, batch] of FOLLOW_BATCHES.entries()) {
        server.publish(batch);
        const body = await pollUntil(
          async () => {
            const current = await status();
            return current.filesDone === index + 1 ? current : undefined;
          },
          `batch ${batch} to be imported`,
          30_000,
        );
        expect(body.lastFile?.url).toBe(`${server.baseUrl}/${exportName(batch)}`);
      }

      const rows = checkpoint(dbFile);
      expect(rows.map((row) => row.url)).toEqual([0, 1, 2].map((i) => urlOf(server, i)));
      expect(rows.map((row) => row.rows)).toEqual([500, 1271, 500]);
      // Every row of each file accounted for: a new record, skipped (one-sided, ...) or refused.
      for (const row of rows) {
        expect(row.unchanged).toBe(0);
        expect(row.taken + row.skipped + row.refused).toBe(row.rows);
      }
      const records = gdeltRecords(dbFile);
      expect(records.events).toBe(importableRows(rows));
      expect(records.records).toBe(records.events);
      expect(records.events).toBeGreaterThan(0);
      // Each export downloaded once it was listed right, and never again.
      expect(
        server.downloads.filter((name) => name === exportName(FOLLOW_BATCHES[1])),
      ).toHaveLength(1);
      expect(
        server.downloads.filter((name) => name === exportName(FOLLOW_BATCHES[2])),
      ).toHaveLength(1);

      const metrics = await (await fetch(`${parley.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /parley_ingest_files_total\{dataset="gdelt2",outcome="imported"\} 3\n/,
      );
      expect(metrics).toMatch(
        /parley_ingest_files_total\{dataset="gdelt2",outcome="refused"\} [1-9]/,
      );
      expect(metrics).toContain(
        `parley_ingest_rows_total{dataset="gdelt2",status="taken"} ${records.events}\n`,
      );
      expect(metrics).toMatch(
        /parley_ingest_last_success_timestamp_seconds\{dataset="gdelt2"\} \d/,
      );
    } finally {
      expect(await parley.stop()).toBe(0);
    }
  });

  it('one pass refuses a wrong MD5 (exit 1, nothing imported); back-filled with --since and killed mid-file, a restart repeats nothing and ends with each row exactly once', async () => {
    // Batches of 1,000 rows: the second file (1,271 rows) lands in two, and the kill falls between them.
    const env = { PARLEY_DB: dbFile, PARLEY_IMPORT_BATCH_ROWS: '1000' };
    const args = ['--since', '2015-02-18', '--base-url', server.baseUrl];

    server.publish(FOLLOW_BATCHES[0], { md5: 'f'.repeat(32) });
    const refusedRun = runIngest(args, env);
    expect(await refusedRun.exited).toBe(1);
    expect(refusedRun.events).toEqual([
      expect.objectContaining({ event: 'importing', url: urlOf(server, 0) }),
      expect.objectContaining({ event: 'refused', url: urlOf(server, 0) }),
    ]);
    expect(refusedRun.stderr()).toContain('"refused":1');
    expect(checkpoint(dbFile)).toEqual([]);
    expect(gdeltRecords(dbFile).events).toBe(0);

    // All three published; killed once the second file's first batch of rows is in.
    server.publish(FOLLOW_BATCHES[2]);
    const killed = runIngest(args, env);
    const afterFirst = await pollUntil(
      () => {
        if (killed.events.some((line) => line.event === 'failed' || line.event === 'refused'))
          throw new Error(`the back-fill failed: ${JSON.stringify(killed.events)}`);
        const imported = killed.events.find((line) => line.event === 'imported');
        return imported?.report;
      },
      'the first file to be imported',
      30_000,
    );
    const firstRecords = gdeltRecords(dbFile).events;
    expect(firstRecords).toBe(afterFirst.taken);
    // A tight, bounded poll: the window between the second file's two batches is short.
    const deadline = Date.now() + 30_000;
    while (gdeltRecords(dbFile).events === firstRecords) {
      if (Date.now() > deadline) throw new Error('the second file never started to land');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await killed.kill();
    expect(checkpoint(dbFile).map((row) => row.url)).toEqual([urlOf(server, 0)]);
    const partly = gdeltRecords(dbFile).events;
    expect(partly).toBeGreaterThan(firstRecords);

    const restarted = runIngest(args, env);
    expect(await restarted.exited).toBe(0);
    // The first file is not fetched again; the second is imported again, adding only its rest.
    expect(restarted.events.map((line) => [line.event, line.url])).toEqual([
      ['importing', urlOf(server, 1)],
      ['imported', urlOf(server, 1)],
      ['importing', urlOf(server, 2)],
      ['imported', urlOf(server, 2)],
    ]);
    const second = restarted.events[1]!.report!;
    expect(second.unchanged).toBe(partly - firstRecords);
    expect(second.taken).toBeGreaterThan(0);

    const rows = checkpoint(dbFile);
    expect(rows.map((row) => row.url)).toEqual([0, 1, 2].map((i) => urlOf(server, i)));
    expect(rows.map((row) => row.rows)).toEqual([500, 1271, 500]);
    const records = gdeltRecords(dbFile);
    expect(records.events).toBe(importableRows(rows));
    expect(records.records).toBe(records.events);

    // Nothing new listed: a further pass downloads nothing and adds nothing.
    const downloads = server.downloads.length;
    const again = runIngest(['--base-url', server.baseUrl], env);
    expect(await again.exited).toBe(0);
    expect(again.events).toEqual([]);
    expect(server.downloads).toHaveLength(downloads);
    expect(gdeltRecords(dbFile)).toEqual(records);
  });
});
