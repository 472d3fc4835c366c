import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { EventStore } from '../../src/event-store/event-store.port';
import { authHeaders, TEST_API_KEYS_ENV } from './api-keys';

export { authHeaders, TEST_KEYS, TEST_API_KEYS_ENV } from './api-keys';

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

// ---------------------------------------------------------------------------------------------
// HTTP

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** The body parsed as JSON when it is JSON (problem+json included), else undefined. */
  readonly body: T;
  readonly text: string;
  readonly contentType: string;
}

/** A body sent as it is, with its own content type (NDJSON, text, broken JSON). */
export interface RawBody {
  readonly raw: string | Uint8Array;
  readonly contentType?: string;
}

export interface RequestOptions {
  /** Sent as they are; an `authorization` here replaces the default key. */
  readonly headers?: Record<string, string>;
}

export interface Api {
  get<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Sends `body` as JSON, or as it is when it is a {@link RawBody}. */
  post<T = unknown>(
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<ApiResponse<T>>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

export function raw(body: string | Uint8Array, contentType?: string): RawBody {
  return contentType === undefined ? { raw: body } : { raw: body, contentType };
}

function isRawBody(body: unknown): body is RawBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    'raw' in body &&
    Object.keys(body).every((k) => k === 'raw' || k === 'contentType')
  );
}

/**
 * A thin client over Node's global fetch. It sends the test key holding every role
 * unless told otherwise: `null` sends no key at all, or a request's own `authorization`
 * header replaces it.
 */
export function api(
  baseUrl: string,
  defaultAuthorization: string | null = authHeaders().authorization,
): Api {
  const request = async <T>(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = {
      ...(defaultAuthorization === null ? {} : { authorization: defaultAuthorization }),
      ...options.headers,
    };
    let payload: string | Uint8Array | undefined;
    if (body !== undefined) {
      if (isRawBody(body)) {
        payload = body.raw;
        if (body.contentType !== undefined) headers['content-type'] ??= body.contentType;
      } else {
        payload = JSON.stringify(body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    const isJson = /^application\/(?:[\w.+-]+\+)?json\b/.test(contentType);
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson && text !== '' ? JSON.parse(text) : undefined) as T,
      text,
      contentType,
    };
  };
  return {
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    delete: (path, options) => request('DELETE', path, undefined, options),
  };
}

/** Builds a query string from the defined values. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

// ---------------------------------------------------------------------------------------------
// Response shapes

export interface WriteReceiptBody {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
}

export interface FieldProblemBody {
  readonly field: string;
  readonly message: string;
}

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: FieldProblemBody[];
  readonly actualRevision?: number | null;
  readonly stream?: string;
}

export interface RecordHistoryBody {
  readonly version: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly revision: number;
  readonly position: string;
  readonly reason?: string;
  readonly changes?: unknown;
}

export interface RecordBody {
  readonly id: string;
  readonly kind: RecordKindName;
  readonly source: string;
  readonly target: string;
  readonly occurredAt: string;
  readonly precision: string;
  readonly quote: string;
  readonly citation: { outlet: string; title: string; url?: string; publishedAt?: string };
  readonly topics: string[];
  readonly code?: string;
  readonly tone?: number;
  readonly confidence?: number;
  readonly note?: string;
  readonly threat?: {
    instrument: string;
    magnitude?: string;
    condition?: string;
    deadline?: string;
  };
  readonly denial?: { recordId?: string; claim?: string };
  readonly stream: string;
  readonly status: 'active' | 'retracted';
  readonly version: number;
  readonly intensity: number;
  readonly intensitySource: string;
  readonly intensityCode: string;
  readonly outcome?: { outcome: string; occurredAt: string; note?: string; recordedAt: string };
  readonly threatStatus?: string;
  readonly recordedAt: string;
  readonly updatedAt: string;
  readonly position: string;
  readonly history?: RecordHistoryBody[];
}

export interface RecordPageBody {
  readonly items: RecordBody[];
  readonly nextCursor: string | null;
}

export type RecordKindName = 'statement' | 'threat' | 'denial';

export interface MeasureBody {
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly sum: number;
  readonly n: number;
  readonly ewma: number | null;
  /** Sample standard deviation of the records in the trailing `volatilityWindow` buckets. */
  readonly volatility: number | null;
}

export interface ToneBucketBody {
  readonly start: string;
  readonly end: string;
  readonly counts: Record<RecordKindName | 'total', number>;
  readonly intensity: MeasureBody;
  readonly tone: MeasureBody;
}

export interface ToneViewBody {
  readonly source: string;
  readonly target: string;
  readonly mode: string;
  readonly bucket: string;
  readonly tz: string;
  readonly from: string;
  readonly to: string;
  readonly asOf: string | null;
  readonly halfLife: string;
  readonly volatilityWindow: number;
  readonly series: ToneBucketBody[];
}

export interface ImportReportBody {
  readonly received: number;
  readonly created: number;
  readonly unchanged: number;
  readonly refused: number;
  readonly results: {
    line: number;
    status: 'created' | 'unchanged' | 'refused';
    id?: string;
    stream?: string;
    problem?: ProblemBody;
  }[];
}

// ---------------------------------------------------------------------------------------------
// Builders

/** A fresh actor id, so that tests never share a dyad. */
export function actorId(prefix = 'a'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export type ActorKindName =
  'person' | 'office' | 'government' | 'state' | 'organisation' | 'coalition';

/** Registers actors (as persons unless given as `[id, kind]`); fails the test on anything but 201. */
export async function registerActors(
  baseUrl: string,
  ...actors: (string | readonly [string, ActorKindName])[]
): Promise<void> {
  const client = api(baseUrl);
  for (const actor of actors) {
    const [id, kind] = typeof actor === 'string' ? [actor, 'person' as const] : actor;
    const response = await client.post('/actors', { id, name: `Actor ${id}`, kind });
    if (response.status !== 201)
      throw new Error(`Registering ${id} answered ${response.status}: ${response.text}`);
  }
}

/** Affiliates `actor` to `parent` from `from` (inclusive) to `to` (exclusive). */
export async function affiliate(
  baseUrl: string,
  actor: string,
  parent: string,
  from: string,
  to?: string,
): Promise<void> {
  const response = await api(baseUrl).post(`/actors/${actor}/affiliations`, {
    parent,
    from,
    ...(to === undefined ? {} : { to }),
  });
  if (response.status !== 201)
    throw new Error(
      `Affiliating ${actor} to ${parent} answered ${response.status}: ${response.text}`,
    );
}

export type RecordInput = Record<string, unknown>;

/**
 * A valid record body as `POST /records` takes it: a statement unless `kind` says
 * otherwise, in which case the kind's required part (threat terms, denied claim) is
 * added unless given. Overrides replace fields; an override of `undefined` removes one.
 */
export function recordBody(
  overrides: RecordInput & { source: string; target: string },
): RecordInput {
  const kind = typeof overrides.kind === 'string' ? overrides.kind : 'statement';
  const base: RecordInput = {
    id: randomUUID(),
    kind,
    occurredAt: '2025-03-30T14:00:00-04:00',
    precision: 'instant',
    quote: 'We will see what happens.',
    citation: { outlet: 'Test Wire', title: 'A test report' },
    topics: ['testing'],
    ...(kind === 'threat'
      ? { threat: { instrument: 'tariff', magnitude: '50%', condition: 'no ceasefire' } }
      : {}),
    ...(kind === 'denial' ? { denial: { claim: 'what was said' } } : {}),
  };
  const merged: RecordInput = { ...base, ...overrides };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return merged;
}

/** POSTs a record and fails unless it was created; returns the receipt. */
export async function createRecord(baseUrl: string, body: RecordInput): Promise<WriteReceiptBody> {
  const response = await api(baseUrl).post<WriteReceiptBody>('/records', body);
  if (response.status !== 201)
    throw new Error(`POST /records answered ${response.status}: ${response.text}`);
  return response.body;
}

/** Every record the list gives for a query, following cursors. */
export async function listAll(
  baseUrl: string,
  params: Record<string, string | number | boolean | undefined>,
): Promise<RecordBody[]> {
  const client = api(baseUrl);
  const items: RecordBody[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const response = await client.get<RecordPageBody>(`/records${query({ ...params, cursor })}`);
    if (response.status !== 200)
      throw new Error(`GET /records answered ${response.status}: ${response.text}`);
    items.push(...response.body.items);
    if (response.body.nextCursor === null) return items;
    cursor = response.body.nextCursor;
  }
  throw new Error('GET /records kept giving cursors');
}

// ---------------------------------------------------------------------------------------------
// Waiting

/**
 * Polls `probe` until it returns a value other than undefined, at most `timeoutMs`:
 * a bounded wait on an eventually consistent read, never a fixed sleep.
 */
export async function pollUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Waits until the wall clock has passed `instant` by `marginMs`, so that two writes get distinct recorded times. */
export async function clockPast(instant: string, marginMs = 3): Promise<void> {
  const target = Date.parse(instant) + marginMs;
  await pollUntil(
    () => (Date.now() > target ? true : undefined),
    `the clock to pass ${instant}`,
    1000,
  );
}

// ---------------------------------------------------------------------------------------------
// The store, read directly

export const READ_MODEL_TABLES = [
  'actors',
  'affiliations',
  'record_versions',
  'tone_points',
] as const;
export type ReadModelTable = (typeof READ_MODEL_TABLES)[number];

export interface StoreSnapshot {
  readonly events: number;
  readonly tables: Record<ReadModelTable, unknown[]>;
}

/** Opens the service's SQLite file in a separate, read-only connection. */
export function openReadOnly(dbFile: string): Database.Database {
  return new Database(dbFile, { readonly: true, fileMustExist: true });
}

/** Every row of a table, ordered by all its columns, so two dumps compare row for row. */
export function dumpTable(db: Database.Database, table: string): unknown[] {
  const columns = db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .all()
    .map((c) => `"${c.name}"`);
  if (columns.length === 0) throw new Error(`No table ${table}`);
  return db.prepare(`SELECT * FROM "${table}" ORDER BY ${columns.join(', ')}`).all();
}

/** How many events the log holds (read through the app's own store, whichever it is), and every read-model row. */
export async function snapshotStore(t: Pick<TestApp, 'app' | 'dbFile'>): Promise<StoreSnapshot> {
  const events = await countEvents(t);
  const db = openReadOnly(t.dbFile);
  try {
    const tables = Object.fromEntries(
      READ_MODEL_TABLES.map((table) => [table, dumpTable(db, table)]),
    ) as Record<ReadModelTable, unknown[]>;
    return { events, tables };
  } finally {
    db.close();
  }
}

/** The number of events in the log, optionally of one stream, read through the app's store. */
export async function countEvents(t: Pick<TestApp, 'app'>, stream?: string): Promise<number> {
  const store = t.app.get(EventStore);
  const events = stream === undefined ? await store.readAll() : await store.readStream(stream);
  return events.length;
}

// ---------------------------------------------------------------------------------------------
// Tone views

/** GETs a tone view and fails unless it answers 200. */
export async function getTone(
  baseUrl: string,
  source: string,
  target: string,
  params: Record<string, string | number | undefined>,
): Promise<ToneViewBody> {
  const response = await api(baseUrl).get<ToneViewBody>(
    `/dyads/${source}/${target}/tone${query(params)}`,
  );
  if (response.status !== 200)
    throw new Error(`GET tone answered ${response.status}: ${response.text}`);
  return response.body;
}

/** The bucket of a view that starts at `start` (as the service writes it, with its offset). */
export function bucketAt(view: ToneViewBody, start: string): ToneBucketBody {
  const bucket = view.series.find((b) => b.start === start);
  if (!bucket)
    throw new Error(
      `No bucket starts at ${start}; starts are ${view.series.map((b) => b.start).join(', ')}`,
    );
  return bucket;
}

/** The total count over all buckets of a view. */
export function totalCount(view: ToneViewBody): number {
  return view.series.reduce((sum, b) => sum + b.counts.total, 0);
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = (): void => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Two newly registered actors: a dyad no other test writes to. */
export async function freshDyad(baseUrl: string): Promise<[string, string]> {
  const source = actorId();
  const target = actorId();
  await registerActors(baseUrl, source, target);
  return [source, target];
}

/**
 * Drops every generation of every read-model table, the views on them and the
 * projections' state, as an operator would to replay from scratch.
 */
export function dropReadModels(dbFile: string): void {
  const db = new Database(dbFile);
  try {
    db.transaction(() => {
      const objects = db
        .prepare<[], { name: string; type: string }>(
          `SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')`,
        )
        .all()
        .filter(({ name }) =>
          READ_MODEL_TABLES.some((table) => name === table || name.startsWith(`${table}__g`)),
        );
      for (const { name, type } of objects) db.exec(`DROP ${type.toUpperCase()} "${name}"`);
      db.prepare('DELETE FROM projection_state').run();
    })();
  } finally {
    db.close();
  }
}

/** Every read-model row, by table, through a separate read-only connection. */
export function readModelRows(dbFile: string): Record<ReadModelTable, unknown[]> {
  const db = openReadOnly(dbFile);
  try {
    return Object.fromEntries(
      READ_MODEL_TABLES.map((table) => [table, dumpTable(db, table)]),
    ) as Record<ReadModelTable, unknown[]>;
  } finally {
    db.close();
  }
}
