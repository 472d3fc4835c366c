/**
 * The parts of the benchmark's own dependencies (bench/package.json) that it calls,
 * declared here so that the repository's type check (`npm run lint`, which covers
 * bench/) passes in a clone that has not installed them. The calls follow the
 * libraries' published signatures: Emmett 0.42 (`dist/index.d.ts`) and autocannon 8.
 */

declare module '@event-driven-io/emmett-sqlite' {
  export interface EmmettEvent {
    readonly type: string;
    readonly data: Record<string, unknown>;
    readonly metadata?: Record<string, unknown>;
  }

  export interface AppendToStreamResult {
    readonly nextExpectedStreamVersion: bigint;
    readonly lastEventGlobalPosition: bigint;
    readonly createdNewStream: boolean;
  }

  export interface SQLiteEventStore {
    appendToStream(streamName: string, events: EmmettEvent[]): Promise<AppendToStreamResult>;
  }

  export interface SQLiteConnection {
    close(): void;
  }

  export interface ReadMessagesBatchResult {
    readonly currentGlobalPosition: bigint;
    readonly messages: unknown[];
    readonly areEventsLeft: boolean;
  }

  export function getSQLiteEventStore(options: {
    fileName: string;
    schema?: { autoMigration?: 'None' | 'CreateOrUpdate' };
    connectionOptions?: { singleton: true; connection: SQLiteConnection };
  }): SQLiteEventStore;

  export function sqliteConnection(options: { fileName: string }): SQLiteConnection;

  export function readMessagesBatch(
    connection: SQLiteConnection,
    options: { after: bigint; batchSize: number },
  ): Promise<ReadMessagesBatchResult>;
}

declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: Request) => Request;
    }

    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      /** Seconds before a request counts as timed out (autocannon's default: 10). */
      timeout?: number;
      headers?: Record<string, string>;
      method?: string;
      body?: string;
      requests?: Request[];
    }

    /** Latencies in milliseconds (recorded at 1 ms resolution); request rates per second. */
    interface Histogram {
      average: number;
      mean: number;
      p50: number;
      p90: number;
      p99: number;
      max: number;
      total: number;
    }

    interface Result {
      latency: Histogram;
      requests: Histogram;
      /** Bytes per second; `total` is every byte received. */
      throughput: Histogram;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
