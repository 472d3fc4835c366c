import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp } from '../../src/app/app.factory';
import { loadConfig } from '../../src/config/config';
import { TEST_API_KEYS_ENV } from './api-keys';

/** A running test app: talk to it over HTTP at `baseUrl` (see ./client.ts), read its file with ./store.ts. */
export interface TestApp {
  readonly baseUrl: string;
  readonly app: NestFastifyApplication;
  readonly dbFile: string;
  /** The temporary directory that holds the SQLite file. */
  readonly dir: string;
  /** Closes the app; removes the directory unless asked to keep it (or the app runs on a file it did not create). */
  close(options?: { keepFiles?: boolean }): Promise<void>;
}

export interface TestAppOptions {
  /** Load the sample dataset at start (`PARLEY_SAMPLE_DATA=auto`). */
  readonly sample?: boolean;
  /** Start on an existing SQLite file instead of a fresh temporary one; its directory is then left in place on close. */
  readonly dbFile?: string;
  /** Keep the log on EventStoreDB at this connection string; read models stay in the SQLite file. */
  readonly eventStoreDb?: string;
  /** More configuration, as environment variables. */
  readonly env?: Record<string, string>;
}

/** A real parley on a temporary SQLite file, listening on an ephemeral port of 127.0.0.1. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDir = options.dbFile === undefined;
  const dir = ownsDir ? mkdtempSync(join(tmpdir(), 'parley-e2e-')) : dirname(options.dbFile);
  const dbFile = options.dbFile ?? join(dir, 'parley.db');
  const config = loadConfig({
    PARLEY_DB: dbFile,
    PARLEY_SAMPLE_DATA: options.sample ? 'auto' : 'off',
    LOG_LEVEL: 'silent',
    PORT: '0',
    // One test file sends many requests from one address; the production default (600 a
    // minute) is kept, and tested, by test/e2e/limits.e2e.spec.ts, which sets its own.
    PARLEY_RATE_LIMIT: '1000000',
    PARLEY_API_KEYS: TEST_API_KEYS_ENV,
    ...(options.eventStoreDb === undefined
      ? {}
      : { PARLEY_EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: options.eventStoreDb }),
    ...options.env,
  });
  let app: NestFastifyApplication;
  try {
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string')
    throw new Error(`Unexpected server address ${String(address)}`);
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    app,
    dbFile,
    dir,
    async close(closeOptions = {}) {
      await app.close();
      if (ownsDir && !closeOptions.keepFiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}
