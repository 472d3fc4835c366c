/**
 * How much each workload does. The default run takes the sizes (a 1,000,000-event
 * log, a 100,000-record dyad, 1,000,000-record imports, a 1,000,000-record dyad) and fits
 * about twenty minutes on a 2-core machine, because the slow workloads stop at a time
 * budget (and then say so); `--quick` is a smoke run of a few minutes on small sizes.
 */
export interface Scale {
  readonly name: 'full' | 'quick';
  /** Events in the generated log that rebuild and query run on. */
  readonly datasetEvents: number;
  /** Records of the one dyad the tone and list queries ask for (10 years of it). */
  readonly hotDyadRecords: number;
  /** Alternating rounds of each side-by-side workload. */
  readonly rounds: number;
  /** Events appended one at a time, per round and side. */
  readonly singleAppends: number;
  /** Events appended in batches, per round and side (also what read-all then reads). */
  readonly batchedAppends: number;
  /** Seconds of each autocannon run. */
  readonly httpSeconds: number;
  /** Records appended while 50 SSE consumers listen. */
  readonly feedRecords: number;
  /** Records already in the deep dyad before the single appends to it are timed. */
  readonly deepDyadRecords: number;
  /** Single appends timed per side and round (deep dyad, empty dyads), at most ... */
  readonly deepAppends: number;
  /** ... or as many as fit these seconds (at least three). */
  readonly deepAppendSeconds: number;
  /** Records of each NDJSON import (over `importDyads` dyads, then all into one). */
  readonly importRecords: number;
  readonly importDyads: number;
  /**
   * Seconds an import may send for; what is sent by then is caught up and timed, and the
   * row says it was partial. At ≥ 50 s, a partial import is below 20,000 records/s anyway.
   */
  readonly importBudgetSeconds: number;
  /** Rows of the GDELT day (issue 14: about 200,000 a day). */
  readonly gdeltRows: number;
  /** Records of the one dyad of the deep log, that the second tone query asks for. */
  readonly deepToneRecords: number;
  /** Member actors of each of the two states of the roll-up, and records between them. */
  readonly rollupMembers: number;
  readonly rollupRecords: number;
  /** Timed suggestion runs over the 10,000-word article, in process and over HTTP. */
  readonly codingRounds: number;
}

export const FULL: Scale = {
  name: 'full',
  datasetEvents: 1_000_000,
  hotDyadRecords: 10_000,
  rounds: 2,
  singleAppends: 800,
  batchedAppends: 40_000,
  httpSeconds: 8,
  feedRecords: 400,
  deepDyadRecords: 100_000,
  deepAppends: 300,
  deepAppendSeconds: 15,
  importRecords: 1_000_000,
  importDyads: 2_000,
  importBudgetSeconds: 90,
  gdeltRows: 200_000,
  deepToneRecords: 1_000_000,
  rollupMembers: 100,
  rollupRecords: 10_000,
  codingRounds: 10,
};

export const QUICK: Scale = {
  name: 'quick',
  datasetEvents: 50_000,
  hotDyadRecords: 2_000,
  rounds: 1,
  singleAppends: 300,
  batchedAppends: 10_000,
  httpSeconds: 3,
  feedRecords: 100,
  deepDyadRecords: 2_000,
  deepAppends: 50,
  deepAppendSeconds: 5,
  importRecords: 10_000,
  importDyads: 200,
  importBudgetSeconds: 50,
  gdeltRows: 20_000,
  deepToneRecords: 20_000,
  rollupMembers: 100,
  rollupRecords: 2_000,
  codingRounds: 3,
};

/** What every HTTP workload sends and the server under benchmark accepts. */
export const BENCH_API_KEY = 'bench-key-0123456789abcdef';
export const BENCH_API_KEYS_ENV = `${BENCH_API_KEY}:analyst+recorder+operator+subscriber`;
export const AUTHORIZATION = `Bearer ${BENCH_API_KEY}`;

/** The dyad the queries ask for: the sample's own, made the busiest of the log. */
export const HOT_SOURCE = 'donald-trump';
export const HOT_TARGET = 'vladimir-putin';
/** Ten years of occurrences, the span the tone query asks for. */
export const SPAN_FROM = '2016-01-01';
export const SPAN_TO = '2026-01-01';

/** The two states of the roll-up query, each with `rollupMembers` member actors. */
export const ROLLUP_SOURCE = 'bench-state-north';
export const ROLLUP_TARGET = 'bench-state-south';
export function rollupMember(state: string, index: number): string {
  return `${state}-member-${String(index + 1).padStart(3, '0')}`;
}
