import type { SqliteDatabase } from '../../database/open-database';
import type { DatasetFileReport } from '../import-dataset/dataset-importer';
import type { GdeltFileEntry } from './gdelt-file-list';

/** A file the follower imported to its end, as the checkpoint keeps it. */
export interface IngestedFile {
  readonly url: string;
  readonly dataset: string;
  readonly batchAt: string;
  readonly size: number;
  readonly md5: string;
  readonly rows: number;
  readonly taken: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly refused: number;
  readonly finishedAt: string;
}

interface IngestedFileRow {
  url: string;
  dataset: string;
  batch_at: string;
  size: number;
  md5: string;
  rows: number;
  taken: number;
  unchanged: number;
  skipped: number;
  refused: number;
  finished_at: string;
}

/**
 * The follower's checkpoint: the files it imported to their end, in the service's SQLite
 * file. A file's row is written only after its import has finished, so a process killed
 * mid-file finds the file still to do on restart and imports it again; the records'
 * ids (from dataset and row id) make that repeat add nothing, so every row ends up
 * recorded exactly once.
 */
export class IngestCheckpointStore {
  constructor(private readonly db: SqliteDatabase) {}

  prepare(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS ingest_files (
        url         TEXT    PRIMARY KEY,
        dataset     TEXT    NOT NULL,
        batch_at    TEXT    NOT NULL,
        size        INTEGER NOT NULL,
        md5         TEXT    NOT NULL,
        rows        INTEGER NOT NULL,
        taken       INTEGER NOT NULL,
        unchanged   INTEGER NOT NULL,
        skipped     INTEGER NOT NULL,
        refused     INTEGER NOT NULL,
        finished_at TEXT    NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ingest_files_by_batch ON ingest_files (dataset, batch_at);
    `);
  }

  isDone(url: string): boolean {
    return (
      this.db
        .prepare<[string], { one: number }>('SELECT 1 AS one FROM ingest_files WHERE url = ?')
        .get(url) !== undefined
    );
  }

  /** Marks a file done, once its import has finished. */
  finish(entry: GdeltFileEntry, report: DatasetFileReport, finishedAt: Date): IngestedFile {
    const file: IngestedFile = {
      url: entry.url,
      dataset: report.format,
      batchAt: entry.batchAt,
      size: entry.size,
      md5: entry.md5,
      rows: report.rows,
      taken: report.taken,
      unchanged: report.unchanged,
      skipped: report.skipped,
      refused: report.refused,
      finishedAt: finishedAt.toISOString(),
    };
    this.db
      .prepare(
        `INSERT INTO ingest_files
           (url, dataset, batch_at, size, md5, rows, taken, unchanged, skipped, refused, finished_at)
         VALUES (@url, @dataset, @batchAt, @size, @md5, @rows, @taken, @unchanged, @skipped, @refused, @finishedAt)
         ON CONFLICT (url) DO UPDATE SET
           size = excluded.size, md5 = excluded.md5, rows = excluded.rows,
           taken = excluded.taken, unchanged = excluded.unchanged, skipped = excluded.skipped,
           refused = excluded.refused, finished_at = excluded.finished_at`,
      )
      .run(file);
    return file;
  }

  count(dataset: string): number {
    return (
      this.db
        .prepare<[string], { n: number }>(
          'SELECT COUNT(*) AS n FROM ingest_files WHERE dataset = ?',
        )
        .get(dataset)?.n ?? 0
    );
  }

  /** The file of the latest batch done, which a restart resumes after. */
  latest(dataset: string): IngestedFile | undefined {
    const row = this.db
      .prepare<[string], IngestedFileRow>(
        'SELECT * FROM ingest_files WHERE dataset = ? ORDER BY batch_at DESC, url DESC LIMIT 1',
      )
      .get(dataset);
    return row && fromRow(row);
  }
}

function fromRow(row: IngestedFileRow): IngestedFile {
  return {
    url: row.url,
    dataset: row.dataset,
    batchAt: row.batch_at,
    size: row.size,
    md5: row.md5,
    rows: row.rows,
    taken: row.taken,
    unchanged: row.unchanged,
    skipped: row.skipped,
    refused: row.refused,
    finishedAt: row.finished_at,
  };
}
