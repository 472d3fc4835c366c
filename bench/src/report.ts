import { readFileSync } from 'node:fs';
import { BARS } from './targets';

/** One line of the results table: our figure beside the limit's and the peer's. */
export interface ResultRow {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  /** Whether a larger figure is better (rates) or a smaller one (latencies). */
  readonly higherIsBetter: boolean;
  readonly ours: number;
  readonly limit: number | null;
  readonly peer: number | null;
  /** ours ÷ limit and ours ÷ peer, the median of each round's side-by-side ratio. */
  readonly ratioToLimit: number | null;
  readonly ratioToPeer: number | null;
  readonly target: string | null;
  readonly met: boolean | null;
  /** Peak RSS in MiB of the process that did the work (the server for HTTP workloads). */
  readonly peakRssMb: { ours: number; limit?: number; peer?: number };
  /** What the limit column is for this row, where it is not the bare SQLite loop. */
  readonly limitName?: string;
  /** False when the workload stopped at its time budget before doing all it was asked. */
  readonly complete?: boolean;
  readonly note?: string;
}

/** A row as measured, before its bar (if it has one in targets.ts) is applied. */
export type MeasuredRow = Omit<ResultRow, 'target' | 'met'>;

/** The row with its bar from targets.ts, and whether its figures meet it. */
export function judged(row: MeasuredRow): ResultRow {
  const bar = BARS[row.id];
  return bar
    ? { ...row, target: bar.target, met: bar.met(row) }
    : { ...row, target: null, met: null };
}

export interface MachineInfo {
  readonly nproc: number;
  readonly cpu: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
}

export interface BenchResults {
  readonly mode: 'full' | 'quick';
  readonly startedAt: string;
  readonly seconds: number;
  readonly machine: MachineInfo;
  readonly datasetEvents: number;
  readonly rows: ResultRow[];
  /** Groups that failed in this run, their rows missing. */
  readonly failures?: { group: string; error: string }[];
  /** Every child's own answer, round by round. */
  readonly raw: Record<string, unknown>;
}

function figure(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (unit.includes('ms')) return value < 10 ? value.toFixed(2) : value.toFixed(0);
  // A rate under 10 a second (a tone query on a million records) keeps its decimals.
  if (value < 10) return value.toFixed(2);
  return Math.round(value).toLocaleString('en-US');
}

function ratio(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)}×`;
}

function memory(rss: ResultRow['peakRssMb']): string {
  const mib = (mb: number | undefined | null): string =>
    mb === undefined || mb === null || !Number.isFinite(mb) ? '—' : String(Math.round(mb));
  return rss.limit === undefined && rss.peer === undefined
    ? mib(rss.ours)
    : `${mib(rss.ours)} / ${mib(rss.limit)} / ${mib(rss.peer)}`;
}

/** The results as a Markdown table (the README's), one row per figure. */
export function markdownTable(results: BenchResults): string {
  const lines = [
    '| workload | unit | parley | limit (bare SQLite unless named) | peer (Emmett) | ÷ limit | ÷ peer | target | met | peak RSS MiB (parley / limit / peer) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |',
  ];
  for (const row of results.rows) {
    lines.push(
      `| ${row.label}${row.limitName ? ` (limit: ${row.limitName})` : ''}${row.complete === false ? ' (partial: stopped at its time budget)' : ''} | ${row.unit} | ${figure(row.ours, row.unit)} | ${figure(row.limit, row.unit)} | ${figure(row.peer, row.unit)} | ${ratio(row.ratioToLimit)} | ${ratio(row.ratioToPeer)} | ${row.target ?? '—'} | ${row.met === null ? '—' : row.met ? 'met' : '**missed**'} | ${memory(row.peakRssMb)} |`,
    );
  }
  return lines.join('\n');
}

export function machineLine(results: BenchResults): string {
  const { machine } = results;
  return `${results.mode} run of ${results.startedAt} (${Math.round(results.seconds)} s, ${results.datasetEvents.toLocaleString('en-US')} events in the generated log): ${machine.nproc} cores, ${machine.cpu}, ${machine.memoryGb} GiB RAM, Node ${machine.node}, ${machine.os}`;
}

/** `node report.js results.json` prints the README table of a saved run. */
if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: report.js <results.json>');
  const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  process.stdout.write(`${machineLine(results)}\n\n${markdownTable(results)}\n`);
}
