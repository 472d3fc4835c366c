import type { ResultRow } from './report';

/**
 * The bars of issue 13 ("Done when — each figure in npm run bench, side by side in one
 * run"), one place for all of them: a row of the results whose id is here gets this
 * target text and a "met"/"missed" verdict from its figures (report.ts `judged`); a
 * row whose id is not here is context and carries no bar.
 */

/** What a bar is judged on: the row's figures as the conductor measured them. */
export type Figures = Pick<
  ResultRow,
  'ours' | 'limit' | 'peer' | 'ratioToLimit' | 'ratioToPeer' | 'peakRssMb' | 'complete'
>;

export interface Bar {
  /** The workload, in its words. */
  readonly workload: string;
  /** The bar as the table prints it. */
  readonly target: string;
  readonly met: (figures: Figures) => boolean;
}

/**
 * Today's tone throughput at concurrency 32, the baseline of "≥ 10× today's": 4.5 req/s,
 * `raw.queries.http.runs["tone-c32"].requestsPerSecond` of the default run of 2026-11-22
 * 06:13 UTC (bench/results/latest.json as committed then; the README table rounds it to 5).
 */
export const TONE_C32_BASELINE_PER_SECOND = 4.5;
export const TONE_C32_BASELINE_SOURCE =
  'bench/results/latest.json, default run of 2026-11-22T06:13:35Z, tone-c32 4.5 req/s';

const atMost = (value: number | null, bar: number): boolean => value !== null && value <= bar;
const atLeast = (value: number | null, bar: number): boolean => value !== null && value >= bar;
const under = (value: number | null | undefined, bar: number): boolean =>
  value !== null && value !== undefined && Number.isFinite(value) && value < bar;
/** The table's peak RSS is in MiB (2^20 bytes); the bars are in MB (10^6 bytes). */
const rssUnderMb = (mib: number | undefined, mb: number): boolean =>
  mib !== undefined && under((mib * 2 ** 20) / 1e6, mb);

const DEEP_APPEND: Omit<Bar, 'workload'> = {
  target: '≤ 1.5× empty dyad',
  met: (f) => atMost(f.ratioToLimit, 1.5),
};

const IMPORT: Omit<Bar, 'workload'> = {
  target: '≥ 20,000/s, peak RSS < 600 MB',
  met: (f) => f.complete !== false && atLeast(f.ours, 20_000) && rssUnderMb(f.peakRssMb.ours, 600),
};

export const BARS: Readonly<Record<string, Bar>> = {
  'append-deep-command': {
    workload: 'append one record to a dyad holding 100,000, command path',
    ...DEEP_APPEND,
  },
  'append-deep-http': {
    workload: 'append one record to a dyad holding 100,000, over HTTP',
    ...DEEP_APPEND,
  },
  'http-post': {
    workload: 'POST /records, concurrency 32, new records over 50 dyads',
    target: '≥ 2,000/s, ≥ 1× limit',
    met: (f) => atLeast(f.ours, 2_000) && atLeast(f.ratioToLimit, 1),
  },
  'append-command': {
    workload: 'the command path in-process, one record at a time',
    target: '≥ 0.7× limit',
    met: (f) => atLeast(f.ratioToLimit, 0.7),
  },
  'import-dyads': { workload: 'import 1,000,000 records over 2,000 dyads', ...IMPORT },
  'import-one-dyad': { workload: 'import 1,000,000 records into one dyad', ...IMPORT },
  'gdelt-day': {
    workload: 'one day of GDELT 2.0 (200,000 rows), parley import --format gdelt2 (issue 14)',
    target: 'under 20 s (≥ 10,000 rows/s)',
    met: (f) => atLeast(f.ours, 10_000),
  },
  'tone-c1-p99': {
    workload: 'tone, 10 years daily, Europe/Moscow, the 10,000-record dyad, concurrency 1',
    target: 'p99 < 5 ms',
    met: (f) => under(f.ours, 5),
  },
  'tone-c32-rate': {
    workload: 'tone, 10 years daily, Europe/Moscow, the 10,000-record dyad, concurrency 32',
    target: `≥ 10× today (${10 * TONE_C32_BASELINE_PER_SECOND}/s)`,
    met: (f) => atLeast(f.ours, 10 * TONE_C32_BASELINE_PER_SECOND),
  },
  'tone-deep-p99': {
    workload: 'tone, 10 years daily, a dyad holding 1,000,000 records',
    target: 'p99 < 50 ms',
    met: (f) => under(f.ours, 50),
  },
  'rollup-p99': {
    workload: 'tone roll-up of two states with 100 member actors each',
    target: 'p99 < 20 ms',
    met: (f) => under(f.ours, 20),
  },
  'records-c32-rate': {
    workload: 'record list page of 50, concurrency 32',
    target: '≥ 2,000/s, ≥ 0.5× limit',
    met: (f) => atLeast(f.ours, 2_000) && atLeast(f.ratioToLimit, 0.5),
  },
  rebuild: {
    workload: 'rebuild of the tone projection, 1M-event log',
    target: '≥ 0.8× limit, peak RSS < 500 MB',
    met: (f) => atLeast(f.ratioToLimit, 0.8) && rssUnderMb(f.peakRssMb.ours, 500),
  },
  'coding-suggest': {
    workload: 'suggestions for a 10,000-word article, in process (issue 16)',
    target: 'under 1 s',
    met: (f) => under(f.ours, 1_000),
  },
  'coding-http': {
    workload: 'POST /coding/suggestions, a 10,000-word article (issue 16)',
    target: 'under 1 s',
    met: (f) => under(f.ours, 1_000),
  },
  'feed-p99': {
    workload: 'append → SSE delivery, 50 consumers',
    target: 'p99 < 50 ms',
    met: (f) => under(f.ours, 50),
  },
};
