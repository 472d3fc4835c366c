import {
  startEventStoreDbTestServer,
  type EventStoreDbTestServer,
} from './eventstoredb/test-server';
import { startTestApp, type TestApp, type TestAppOptions } from './app';

/**
 * Where the log lives in an end-to-end test. The core scenarios run once on each:
 * `describe.each(BACKENDS)`. EventStoreDB is the gRPC test server (one per file, so
 * every file starts on an empty log), or a real server when EVENTSTORE_CONNECTION_STRING
 * is set.
 */
export interface Backend {
  readonly name: 'SQLite' | 'EventStoreDB';
  /**
   * How far apart two writes must be for the store to record different times: SQLite
   * records milliseconds; EventStoreDB's client (`@kurrent/kurrentdb-client`) reads them
   * back in whole seconds, so the adapter keeps whole seconds throughout.
   */
  readonly distinctRecordedTimeMs: number;
  /** Once per file, before its apps start. */
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  start(options?: Omit<TestAppOptions, 'eventStoreDb'>): Promise<TestApp>;
}

function sqlite(): Backend {
  return {
    name: 'SQLite',
    distinctRecordedTimeMs: 3,
    setUp: () => Promise.resolve(),
    tearDown: () => Promise.resolve(),
    start: (options) => startTestApp(options),
  };
}

function eventStoreDb(): Backend {
  let server: EventStoreDbTestServer | undefined;
  let connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
  return {
    name: 'EventStoreDB',
    distinctRecordedTimeMs: 1_000,
    async setUp() {
      if (connectionString) return;
      server = await startEventStoreDbTestServer();
      connectionString = server.connectionString;
    },
    async tearDown() {
      await server?.close();
    },
    start: (options) => {
      if (!connectionString) throw new Error('setUp() the EventStoreDB backend first');
      return startTestApp({ ...options, eventStoreDb: connectionString });
    },
  };
}

/** Fresh backends for one test file. */
export function backends(): Backend[] {
  return [sqlite(), eventStoreDb()];
}
