import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../../observability/metrics';
import type { GdeltFollower, IngestTallies } from './gdelt-follower';

const FILE_OUTCOMES = [
  'imported',
  'refused',
  'failed',
] as const satisfies readonly (keyof IngestTallies['files'])[];
const ROW_STATUSES = [
  'taken',
  'unchanged',
  'skipped',
  'refused',
] as const satisfies readonly (keyof IngestTallies['rows'])[];

/**
 * The follower's metrics, read at scrape time from the tallies it keeps: files by
 * outcome, rows by what became of them, and when a file was last imported to its end
 * (an alert on `time() - parley_ingest_last_success_timestamp_seconds` catches a
 * follower that stopped getting anything in).
 */
export function registerIngestMetrics(metrics: Metrics, follower: GdeltFollower): void {
  const registers = [metrics.registry];

  new Counter({
    name: 'parley_ingest_files_total',
    help: 'Dataset files the follower took to their end (imported), refused (size or MD5 not as listed) or failed on (download or import), since start.',
    labelNames: ['dataset', 'outcome'] as const,
    registers,
    collect() {
      const { files } = follower.tallies();
      this.reset();
      for (const outcome of FILE_OUTCOMES) this.inc({ dataset: 'gdelt2', outcome }, files[outcome]);
    },
  });

  new Counter({
    name: 'parley_ingest_rows_total',
    help: 'Rows of the files the follower imported, by what became of them: taken (a new record), unchanged (already recorded), skipped, refused.',
    labelNames: ['dataset', 'status'] as const,
    registers,
    collect() {
      const { rows } = follower.tallies();
      this.reset();
      for (const status of ROW_STATUSES) this.inc({ dataset: 'gdelt2', status }, rows[status]);
    },
  });

  new Gauge({
    name: 'parley_ingest_last_success_timestamp_seconds',
    help: 'When the follower last imported a file to its end, in seconds since the epoch (absent before the first).',
    labelNames: ['dataset'] as const,
    registers,
    collect() {
      const { lastSuccessSeconds } = follower.tallies();
      this.reset();
      if (lastSuccessSeconds !== null) this.set({ dataset: 'gdelt2' }, lastSuccessSeconds);
    },
  });
}
