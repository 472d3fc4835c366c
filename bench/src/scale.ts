/**
 * How much each workload does. The default run fits ten minutes on a 2-core machine;
 * `--quick` is a smoke run of a minute or two, on a twentieth of the data set.
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
