import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { ACTOR_KINDS } from '../../src/actors/domain/actor';
import { RouteCatalog } from '../../src/auth/route-catalog';
import { EventStore } from '../../src/event-store/event-store.port';
import { PARLEY_EVENT_TYPES } from '../../src/app/parley-event-types';
import { CAMEO_EVENT_CODES } from '../../src/records/domain/cameo-goldstein';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import {
  CORRECTABLE_FIELDS,
  PRECISIONS,
  RECORD_KINDS,
  THREAT_INSTRUMENTS,
  THREAT_OUTCOMES,
} from '../../src/records/domain/record';
import {
  ACTOR_ID_SHAPED,
  bodyCases,
  defineOwn,
  dateLike,
  headerValue,
  isRelatedField,
  MALFORMED_SEGMENTS,
  nastySegment,
  nastyString,
  queryString,
  validDate,
  validInstant,
  type BodyCase,
} from '../support/arbitraries';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { pollUntil } from '../support/waiting';
import { openReadOnly, READ_MODEL_TABLES, readModelRows } from '../support/store';
import type { ProblemBody, RecordBody } from '../support/responses';
import { authHeaders } from '../support/api-keys';
import { toInstant } from '../../src/http/validators';

/**
 * Property-based fuzzing of every write endpoint (issue 6): valid bodies with mutated
 * fields, any JSON, bodies that are not JSON, random query strings, headers and path
 * segments, against one real app with the sample data. For every request:
 *
 * - never a 5xx;
 * - a refusal is problem+json whose `status` is the HTTP status, naming the failing
 *   fields of a validation failure (and, for a body with known mutations, only fields
 *   that were mutated);
 * - a refusal changes nothing: the log (count and head), the read models' row counts
 *   and the webhook subscriptions are as they were;
 * - a success is whole: what was written reads back as it was sent, with exactly the
 *   events it should have appended;
 * - no projection has failed, and no prototype was polluted.
 *
 * Every run draws from one seed, a fixed one unless `PARLEY_FUZZ_SEED` gives another, so
 * a failure replays: the seed is printed when the file starts and named in the failure
 * message. `FUZZ_RUNS` multiplies the number of runs per endpoint.
 */
jest.setTimeout(180_000);

/** The seed of a run given no `PARLEY_FUZZ_SEED`: any fixed number; a new one explores new cases. */
const DEFAULT_SEED = 20_250_330;
const SEED = fuzzSeed(process.env.PARLEY_FUZZ_SEED);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
/** `FUZZ_STATS=1` prints how each endpoint answered, to see that the fuzz reaches past validation. */
const STATS = process.env.FUZZ_STATS === '1';

/** Every event type parley writes: the subscription filter's `types` draw from them. */
const EVENT_TYPES = PARLEY_EVENT_TYPES.types();
const PROJECTIONS = ['actors', 'records', 'tone'];
/** The fixture records the corrections are aimed at. */
const CORRECTED = ['statement', 'threat', 'denial', 'retracted'] as const;
/** A record's fields as it reads back: its identity, then what a correction may change. */
const RECORD_FIELDS = ['id', 'kind', 'source', 'target', ...CORRECTABLE_FIELDS] as const;

type Json = Record<string, unknown>;

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly body: unknown;
}

/** What a refusal must leave as it was. */
interface Fingerprint {
  readonly events: number;
  readonly head: string | null;
  readonly rows: Record<string, number>;
  readonly subscriptions: string;
}

/** One request of a fuzz case, as the failure message shows it. */
interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body?: BodyCase;
  readonly headers?: Record<string, string>;
}

describe('fuzzing every write endpoint', () => {
  let t: TestApp;
  let db: Database.Database;
  let store: EventStore;
  let runner: ProjectionRunner;
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();

  // The world the arbitraries draw from, and what the tests know of it.
  const sampleActors: string[] = [];
  const leaves = ['fuzz-leaf-1', 'fuzz-leaf-2', 'fuzz-leaf-3'];
  const parents = ['fuzz-state-1', 'fuzz-state-2'];
  /** Actor profiles as registered (by the fixtures and by fuzzed requests). */
  const actors = new Map<string, Json>();
  /** Record bodies as created, normalised as they should read back. */
  const records = new Map<string, Json>();
  const fixture = {
    statement: '',
    threat: '',
    denial: '',
    retracted: '',
    threats: [] as string[],
    toRetract: [] as string[],
  };
  const positions: string[] = [];
  const subscriptions: string[] = [];

  beforeAll(async () => {
    console.info(
      `Fuzzing with PARLEY_FUZZ_SEED=${SEED}; set it to replay this run or to try another.`,
    );
    t = await startTestApp({
      sample: true,
      // One attempt per subscription and then a long wait: deliveries to the fuzzed
      // (unreachable) URLs stay out of the way.
      env: {
        PARLEY_WEBHOOK_BACKOFF_BASE_MS: '600000',
        PARLEY_WEBHOOK_TIMEOUT_MS: '1000',
        // The fuzz creates far more subscriptions with one key than the default cap allows.
        PARLEY_SUBSCRIPTIONS_PER_KEY: '10000',
      },
    });
    db = openReadOnly(t.dbFile);
    store = t.app.get(EventStore);
    runner = t.app.get(ProjectionRunner);
    const client = api(t.baseUrl);

    const listed = await client.get<{ items: { id: string }[] }>('/actors?limit=500');
    sampleActors.push(...listed.body.items.map((a) => a.id));
    for (const [id, kind] of [
      ...leaves.map((id) => [id, 'person'] as const),
      ...parents.map((id) => [id, 'state'] as const),
      ['fuzz-source', 'person'] as const,
      ['fuzz-target', 'person'] as const,
    ]) {
      const profile = { id, name: `Fuzz ${id}`, kind, aliases: [] };
      expectStatus(await client.post('/actors', profile), 201);
      actors.set(id, profile);
    }
    const create = async (overrides: Json): Promise<string> => {
      const body = {
        kind: 'statement',
        source: 'fuzz-source',
        target: 'fuzz-target',
        occurredAt: '2025-03-30T14:00:00-04:00',
        precision: 'day',
        quote: 'A fixture.',
        citation: { outlet: 'Fuzz Wire', title: 'Fixtures' },
        ...overrides,
      };
      const reply = await client.post<{ id: string }>('/records', body);
      expectStatus(reply, 201);
      records.set(reply.body.id, expectedRecord(body, reply.body.id));
      return reply.body.id;
    };
    fixture.statement = await create({ tone: 2, topics: ['fuzz'] });
    fixture.threat = await create({ kind: 'threat', threat: { instrument: 'tariff' } });
    fixture.denial = await create({ kind: 'denial', denial: { claim: 'it never happened' } });
    fixture.retracted = await create({ note: 'to be retracted' });
    expectStatus(
      await client.post(`/records/${fixture.retracted}/retraction`, { reason: 'fixture' }),
      201,
    );
    for (let i = 0; i < 6; i++)
      fixture.threats.push(await create({ kind: 'threat', threat: { instrument: 'sanction' } }));
    for (let i = 0; i < 6; i++) fixture.toRetract.push(await create({ quote: `Retract ${i}` }));
    positions.push(...(await store.readAll({ limit: 20 })).map((e) => e.position));
    for (let i = 0; i < 4; i++) {
      const reply = await client.post<{ id: string }>('/subscriptions', {
        url: `https://fixture-${i}.example/hook`,
        filter: { actors: ['fuzz-nobody'] },
      });
      expectStatus(reply, 201);
      subscriptions.push(reply.body.id);
    }
  });

  /** Answers per endpoint and status (FUZZ_STATS). */
  const tally = new Map<string, Map<number, number>>();

  afterAll(async () => {
    if (STATS)
      console.log(
        [...tally]
          .map(
            ([name, byStatus]) =>
              `${name}: ${[...byStatus]
                .sort()
                .map(([s, n]) => `${s}×${n}`)
                .join(' ')}`,
          )
          .join('\n'),
      );
    db?.close();
    await t?.close();
  });

  // -------------------------------------------------------------------------------------------
  // Sending, and what every reply must be

  async function send(sent: Sent): Promise<Reply> {
    const headers: Record<string, string> = { ...authHeaders(), ...sent.headers };
    let payload: string | Uint8Array | undefined;
    const body = sent.body;
    if (body?.shape === 'raw') {
      // A string body without a media type would be sent as text/plain by fetch: bytes are not.
      payload =
        body.contentType === undefined && typeof body.text === 'string'
          ? new TextEncoder().encode(body.text)
          : body.text;
      if (body.contentType !== undefined) headers['content-type'] = body.contentType;
    } else if (body !== undefined) {
      const text = JSON.stringify(body.json) as string | undefined;
      if (text !== undefined) {
        payload = text;
        headers['content-type'] = 'application/json';
      }
    }
    const response = await fetch(`${t.baseUrl}${sent.path}`, {
      method: sent.method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: unknown;
    if (/^application\/(?:[\w.+-]+\+)?json\b/.test(contentType) && text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${label(sent)} answered ${contentType} that is not JSON: ${text}`);
      }
    }
    return { status: response.status, contentType, text, body: parsed };
  }

  function label(sent: Sent): string {
    const path = sent.path.length > 200 ? `${sent.path.slice(0, 200)}…` : sent.path;
    return `${sent.method} ${path}`;
  }

  function fail(sent: Sent, reply: Reply | undefined, message: string): never {
    const answer = reply
      ? ` → ${reply.status} ${reply.contentType}: ${reply.text.slice(0, 2000)}`
      : '';
    throw new Error(`${label(sent)}: ${message}${answer}`);
  }

  function expectStatus(reply: { status: number; text: string }, ...statuses: number[]): void {
    if (!statuses.includes(reply.status))
      throw new Error(`expected ${statuses.join(' or ')}, got ${reply.status}: ${reply.text}`);
  }

  /** The refusal is problem+json, its status the HTTP one; a validation failure names fields. */
  function checkProblem(sent: Sent, reply: Reply): ProblemBody {
    if (!/^application\/problem\+json/.test(reply.contentType))
      fail(sent, reply, 'a refusal must be application/problem+json');
    const problem = reply.body as ProblemBody;
    if (problem?.status !== reply.status)
      fail(sent, reply, 'the problem status must be the HTTP one');
    if (typeof problem.type !== 'string' || typeof problem.title !== 'string')
      fail(sent, reply, 'a problem has a type and a title');
    if (/\bat .+\.(?:ts|js):\d+/.test(reply.text)) fail(sent, reply, 'a stack trace leaked');
    if (problem.errors !== undefined) {
      if (
        !Array.isArray(problem.errors) ||
        !problem.errors.every((e) => typeof e.field === 'string' && typeof e.message === 'string')
      )
        fail(sent, reply, 'errors must be [{field, message}]');
    }
    if (
      problem.type === '/problems/validation-failed' &&
      (!Array.isArray(problem.errors) || problem.errors.length === 0)
    )
      fail(sent, reply, 'a validation failure names the failing fields');
    return problem;
  }

  async function fingerprint(): Promise<Fingerprint> {
    const [events, head] = await Promise.all([store.countEvents(), store.headPosition()]);
    const rows = Object.fromEntries(
      READ_MODEL_TABLES.map((table) => [
        table,
        (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n,
      ]),
    );
    const subs = db
      .prepare(
        `SELECT id, url, description, filter, secret, position, state, revision, created_at
         FROM webhook_subscriptions ORDER BY id`,
      )
      .all();
    return { events, head: head ?? null, rows, subscriptions: JSON.stringify(subs) };
  }

  function checkHealthy(sent: Sent): void {
    for (const status of runner.status()) {
      if (status.lastError !== null || status.state === 'failed')
        fail(
          sent,
          undefined,
          `projection ${status.name} failed: ${JSON.stringify(status.lastError)}`,
        );
    }
    if (
      Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeys ||
      (Object.prototype as Record<string, unknown>).polluted !== undefined
    )
      fail(sent, undefined, 'Object.prototype was polluted');
  }

  /**
   * Sends one fuzzed request and checks what every request must keep. `onSuccess` checks
   * that a 2xx is whole; `onRefusal` may check more of a 4xx.
   */
  async function attack(
    sent: Sent,
    checks: {
      onSuccess?: (reply: Reply, before: Fingerprint) => Promise<void> | void;
      onRefusal?: (reply: Reply, problem: ProblemBody) => Promise<void> | void;
    } = {},
  ): Promise<Reply> {
    const before = await fingerprint();
    const reply = await send(sent);
    if (STATS) {
      const name = expect.getState().currentTestName ?? '';
      const byStatus = tally.get(name) ?? new Map<number, number>();
      byStatus.set(reply.status, (byStatus.get(reply.status) ?? 0) + 1);
      tally.set(name, byStatus);
    }
    if (reply.status >= 500) fail(sent, reply, 'a 5xx');
    if (reply.status >= 400) {
      const problem = checkProblem(sent, reply);
      checkMutatedFields(sent, reply, problem);
      const after = await fingerprint();
      if (JSON.stringify(after) !== JSON.stringify(before))
        fail(
          sent,
          reply,
          `a refused request changed the store: ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
        );
      await checks.onRefusal?.(reply, problem);
    } else {
      await checks.onSuccess?.(reply, before);
    }
    checkHealthy(sent);
    return reply;
  }

  /** A validation failure of a mutated valid body names only mutated fields (or a header sent). */
  function checkMutatedFields(sent: Sent, reply: Reply, problem: ProblemBody): void {
    const body = sent.body;
    if (body?.shape !== 'mutated' || problem.type !== '/problems/validation-failed') return;
    for (const { field } of problem.errors ?? []) {
      if (sent.headers?.['if-match'] !== undefined && field === 'If-Match') continue;
      if (!body.touched.some((path) => isRelatedField(field, path)))
        fail(sent, reply, `the error names ${field}, which no mutation touched`);
    }
  }

  /** Asserts the log grew by exactly `n` events. */
  async function expectAppended(sent: Sent, reply: Reply, before: Fingerprint, n: number) {
    const events = await store.countEvents();
    if (events !== before.events + n)
      fail(sent, reply, `expected ${n} new events, the log grew by ${events - before.events}`);
  }

  async function check(name: string, property: fc.IAsyncProperty<[unknown]>, runs: number) {
    const numRuns = Math.max(1, Math.round(runs * RUNS));
    const seed = (SEED + [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0)) | 0;
    try {
      // Shrinking replays requests: bounded, so that a failure is reported within the test's time.
      await fc.assert(property, { seed, numRuns, interruptAfterTimeLimit: 120_000 });
    } catch (error) {
      if (error instanceof Error) error.message = `PARLEY_FUZZ_SEED=${SEED}\n${error.message}`;
      throw error;
    }
  }

  const prop = <T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>) =>
    fc.asyncProperty(arbitrary, predicate) as unknown as fc.IAsyncProperty<[unknown]>;

  // -------------------------------------------------------------------------------------------
  // Records: the expected read-back

  /** Drops nulls (and absent values) at any object depth, as the service stores a body. */
  function withoutNulls(value: unknown, depth = 0): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 8)
      return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, withoutNulls(v, depth + 1)]),
    );
  }

  /** An actor's profile as it should read back: no nulls, aliases present. */
  function actorProfile(json: unknown): Json | undefined {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
    const profile = withoutNulls(json) as Json;
    profile.aliases ??= [];
    return profile;
  }

  /** A created record as it should read back: no nulls, topics present, an empty denial absent. */
  function expectedRecord(body: Json, id: string): Json {
    const plain = withoutNulls({ ...body, id }) as Json;
    plain.topics ??= [];
    if (plain.denial !== undefined && Object.keys(plain.denial as Json).length === 0)
      delete plain.denial;
    return plain;
  }

  /** The record fields of a read-back record. */
  function recordFields(view: RecordBody): Json {
    const fields: Json = {};
    for (const key of RECORD_FIELDS)
      if ((view as unknown as Json)[key] !== undefined)
        fields[key] = (view as unknown as Json)[key];
    return fields;
  }

  async function readRecord(id: string): Promise<RecordBody | undefined> {
    const reply = await api(t.baseUrl).get<RecordBody>(`/records/${encodeURIComponent(id)}`);
    return reply.status === 200 ? reply.body : undefined;
  }

  async function expectRecordReadsBack(sent: Sent, reply: Reply, id: string, expected: Json) {
    const view = await readRecord(id);
    if (!view) fail(sent, reply, `record ${id} does not read back`);
    expect(recordFields(view)).toEqual(expected);
  }

  // -------------------------------------------------------------------------------------------
  // Valid bodies

  const tag = fc.stringMatching(/^[a-z0-9]{1,6}(?:-[a-z0-9]{1,6}){0,2}$/);
  const text = (max: number) =>
    fc.oneof(
      fc.string({ minLength: 1, maxLength: max }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 40) }),
    );
  // A code of the right shape is not enough: the service takes only the codebook's codes.
  const cameoCode = fc.constantFrom(...CAMEO_EVENT_CODES);
  const webUrl = fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.stringMatching(/^[a-z0-9]{0,10}$/))
    .map(([host, path]) => `https://${host}.example/${path}`);
  const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
  /** `arbitrary` or null, half and half (unlike `fc.option`, which draws null less often). */
  const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, fc.constant(null));
  const uuid = fc.uuid({ version: 4 });
  /** One of `ids()` as they are when drawn (the fixtures fill them after the arbitraries exist). */
  const memberOf = (ids: () => readonly string[]) => fc.nat().map((n) => ids()[n % ids().length]!);
  /** A log position, or the `now` and `start` a subscription may begin or reset at. */
  const subscriptionPosition = fc.oneof(
    fc.constantFrom('now', 'start'),
    memberOf(() => positions),
  );
  /** Any JSON value drawn, as it goes on the wire (undefined fields left out). */
  const asJson = <T>(value: T) => JSON.parse(JSON.stringify(value)) as Json;

  const citation = (outletMax: number, titleMax: number, requiredKeys: ('outlet' | 'title')[]) =>
    fc.record(
      {
        outlet: text(outletMax),
        title: text(titleMax),
        url: orNull(webUrl),
        publishedAt: orNull(validInstant),
      },
      { requiredKeys },
    );
  const tone = orNull(fc.double({ min: -10, max: 10, noNaN: true }));
  const confidence = orNull(fc.double({ min: 0, max: 1, noNaN: true }));
  const note = (max: number) => orNull(fc.string({ maxLength: max }));

  const validRecord: fc.Arbitrary<Json> = fc
    .record(
      {
        id: uuid,
        kind: fc.constantFrom(...RECORD_KINDS),
        source: memberOf(() => [...sampleActors, 'fuzz-source']),
        target: memberOf(() => [...sampleActors, 'fuzz-target']),
        occurredAt: validInstant,
        precision: fc.constantFrom(...PRECISIONS),
        quote: text(300),
        citation: citation(60, 100, ['outlet', 'title']),
        topics: fc.array(tag, { maxLength: 5 }),
        code: orNull(cameoCode),
        tone,
        confidence,
        note: note(100),
        threat: fc.record(
          {
            instrument: fc.constantFrom(...THREAT_INSTRUMENTS),
            magnitude: orNull(fc.string({ maxLength: 50 })),
            condition: orNull(fc.string({ maxLength: 100 })),
            deadline: orNull(validInstant),
          },
          { requiredKeys: ['instrument'] },
        ),
        denial: fc.oneof(
          fc.record({
            recordId: fc.constantFrom('statement', 'threat').map((k) => fixture[k as 'threat']),
            claim: optional(text(100)),
          }),
          fc.record({ claim: text(100) }),
        ),
      },
      {
        requiredKeys: ['kind', 'source', 'target', 'occurredAt', 'precision', 'quote', 'citation'],
      },
    )
    .map((body) => {
      const record: Json = { ...body };
      if (record.kind !== 'threat') delete record.threat;
      else record.threat ??= { instrument: 'tariff' };
      if (record.kind !== 'denial') delete record.denial;
      else record.denial ??= { claim: 'what was said' };
      for (const [key, value] of Object.entries(record))
        if (value === undefined) delete record[key];
      return record;
    });

  const RECORD_PATHS = [
    ...RECORD_FIELDS,
    'citation.outlet',
    'citation.title',
    'citation.url',
    'citation.publishedAt',
    'threat.instrument',
    'threat.magnitude',
    'threat.condition',
    'threat.deadline',
    'denial.recordId',
    'denial.claim',
  ];

  /** Headers a write may carry: none mostly, else an If-Match and a request id, valid or not. */
  const writeHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
    { arbitrary: fc.constant({}), weight: 4 },
    {
      arbitrary: fc
        .record({ 'if-match': headerValue, 'x-request-id': headerValue }, { requiredKeys: [] })
        .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined))),
      weight: 1,
    },
  );

  /** What the service should answer a creation, from what it already holds. */
  function creationOutcome(
    expected: Json,
    model: ReadonlyMap<string, Json> = records,
  ): 'created' | 'unchanged' | 'reused' {
    const known = model.get(expected.id as string);
    if (!known) return 'created';
    return canonical(known) === canonical(expected) ? 'unchanged' : 'reused';
  }

  function canonical(value: unknown): string {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`)
      .join(',')}}`;
  }

  /**
   * The JSON value a body carried, as the service may have read it: a raw body counts
   * when it is JSON text in a JSON media type (any case, any parameters); else undefined.
   */
  function jsonOf(body: BodyCase): Json | undefined {
    // As it went on the wire: -0 is 0, undefined is left out.
    if (body.shape !== 'raw') return JSON.parse(JSON.stringify(body.json) ?? 'null') as Json;
    if (typeof body.text !== 'string' || !/^application\/json\b/i.test(body.contentType ?? ''))
      return undefined;
    try {
      // As it went on the wire: fetch sends a lone surrogate as U+FFFD.
      return JSON.parse(new TextDecoder().decode(new TextEncoder().encode(body.text))) as Json;
    } catch {
      return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // The endpoints

  interface Endpoint {
    readonly method: 'POST' | 'DELETE';
    readonly path: string;
    readonly fuzz: () => Promise<void>;
  }

  /** What a fuzz case sends besides its path: a query string, and maybe a body and headers. */
  interface Case {
    readonly query: string;
    readonly body?: BodyCase | undefined;
    readonly headers?: Record<string, string>;
  }

  /** How one endpoint is fuzzed: its cases, the path parameter of a case, and the property. */
  interface Fuzzing<C extends Case> {
    readonly cases: fc.Arbitrary<C>;
    /** The `:parameter` of the path, for a path that has one. */
    readonly segment?: (fuzzCase: C) => string;
    readonly property: (sent: Sent, fuzzCase: C) => Promise<void>;
  }

  /**
   * An endpoint fuzzed `runs` times (times FUZZ_RUNS). `setUp` runs when the endpoint's
   * test does, after the fixtures exist, and may keep a model of what the runs changed.
   */
  function endpoint<C extends Case>(
    method: Endpoint['method'],
    path: string,
    runs: number,
    setUp: () => Fuzzing<C>,
  ): Endpoint {
    return {
      method,
      path,
      fuzz: () => {
        const { cases, segment, property } = setUp();
        return check(
          `${method} ${path}`,
          prop(cases, (fuzzCase) => {
            const { query, body, headers } = fuzzCase;
            const filled = segment ? path.replace(/:\w+/, () => segment(fuzzCase)) : path;
            const sent: Sent = {
              method,
              path: `${filled}${query}`,
              ...(body === undefined ? {} : { body }),
              ...(headers === undefined ? {} : { headers }),
            };
            return property(sent, fuzzCase);
          }),
          runs,
        );
      },
    };
  }

  /** A case whose path parameter is drawn as `segment`. */
  interface SegmentCase extends Case {
    readonly segment: string;
  }

  /**
   * A write that takes nothing but the `:parameter` of its path (any body sent is fuzzed
   * too). A known one answers `status`, appends nothing and passes `andThen`; an unknown
   * one (`unknown` says what must not happen to it) is refused.
   */
  function idOnlyEndpoint(
    method: Endpoint['method'],
    path: string,
    runs: number,
    cases: () => fc.Arbitrary<SegmentCase>,
    checks: {
      readonly known: (segment: string) => boolean;
      readonly unknown: string;
      readonly status: number;
      /** Brings the model up to date, before the reply is checked. */
      readonly taken?: (segment: string) => void;
      readonly andThen: (reply: Reply, segment: string) => Promise<void> | void;
    },
  ): Endpoint {
    return endpoint(method, path, runs, () => ({
      cases: cases(),
      segment: (c) => c.segment,
      property: async (sent, { segment, body }) => {
        const known = checks.known(segment);
        const reply = await attack(sent, {
          onSuccess: async (r, before) => {
            if (!known) fail(sent, r, checks.unknown);
            checks.taken?.(segment);
            expectStatus(r, checks.status);
            await expectAppended(sent, r, before, 0);
            await checks.andThen(r, segment);
          },
        });
        if (body === undefined) expectStatus(reply, ...(known ? [checks.status] : [400, 404]));
      },
    }));
  }

  const endpoints: Endpoint[] = [
    endpoint('POST', '/actors', 150, () => {
      const validActor = fc
        .record(
          {
            id: fc.stringMatching(ACTOR_ID_SHAPED).map((id) => `fz-${id}`),
            name: text(80),
            kind: fc.constantFrom(...ACTOR_KINDS),
            aliases: fc.array(text(30), { maxLength: 4 }),
            country: fc.stringMatching(/^[A-Z]{3}$/),
          },
          { requiredKeys: ['id', 'name', 'kind'] },
        )
        .map(asJson);
      return {
        cases: fc.record({
          body: bodyCases(validActor, ['id', 'name', 'kind', 'aliases', 'country']),
          query: queryString,
        }),
        property: async (sent, { body }) => {
          const profile = actorProfile(jsonOf(body));
          const known = profile && actors.get(profile.id as string);
          const reply = await attack(sent, {
            onSuccess: async (r, before) => {
              if (!profile) fail(sent, r, 'a body that is not JSON was taken');
              const created = r.status === 201;
              if (created) actors.set(profile.id as string, profile);
              await expectAppended(sent, r, before, created ? 1 : 0);
              if (!created && canonical(known) !== canonical(profile))
                fail(sent, r, 'a 200 must repeat an identical registration');
              const read = await api(t.baseUrl).get<Json>(`/actors/${String(profile.id)}`);
              const { affiliations: _a, registeredAt: _r, ...readProfile } = read.body;
              expect(readProfile).toEqual(profile);
            },
          });
          if (body.shape === 'valid') {
            const expected = !known ? 201 : canonical(known) === canonical(profile) ? 200 : 409;
            if (reply.status !== expected)
              fail(sent, reply, `a valid registration should answer ${expected}`);
          }
        },
      };
    }),
    endpoint('POST', '/actors/:id/affiliations', 150, () => {
      const validAffiliation = fc
        .record(
          {
            parent: memberOf(() => [
              ...parents,
              ...sampleActors.filter((id) => ['usa', 'rus', 'ukr'].includes(id)),
            ]),
            from: fc.oneof(validDate, validInstant),
            span: optional(fc.integer({ min: 1, max: 10 * 365 * 86_400_000 })),
            role: optional(text(60)),
          },
          { requiredKeys: ['parent', 'from'] },
        )
        .map(({ span, ...a }) => {
          const body: Json = { ...a };
          if (span !== undefined)
            body.to = new Date(Date.parse(fromInstant(a.from)) + span).toISOString();
          for (const [key, value] of Object.entries(body))
            if (value === undefined) delete body[key];
          return body;
        });
      return {
        cases: fc.record({
          actor: fc.oneof(
            { arbitrary: fc.constantFrom(...leaves), weight: 6 },
            { arbitrary: memberOf(() => [...actors.keys(), ...sampleActors]), weight: 1 },
            { arbitrary: fc.stringMatching(ACTOR_ID_SHAPED), weight: 1 },
            { arbitrary: nastySegment, weight: 1 },
          ),
          body: bodyCases(validAffiliation, ['parent', 'from', 'to', 'role']),
          query: queryString,
        }),
        segment: (c) => c.actor,
        property: async (sent, { actor, body }) => {
          const affiliationsOf = async (): Promise<Json[]> => {
            const read = await api(t.baseUrl).get<{ affiliations: Json[] }>(`/actors/${actor}`);
            // A dot segment (`%2e%2e`) is resolved by fetch: it may read another page.
            return read.status === 200 ? (read.body?.affiliations ?? []) : [];
          };
          const beforeAffiliations = await affiliationsOf();
          const reply = await attack(sent, {
            onSuccess: async (r, before) => {
              const sentAffiliation = jsonOf(body);
              if (!sentAffiliation) fail(sent, r, 'a body that is not JSON was taken');
              const created = r.status === 201;
              await expectAppended(sent, r, before, created ? 1 : 0);
              const after = await affiliationsOf();
              if (after.length !== beforeAffiliations.length + (created ? 1 : 0))
                fail(sent, r, 'the affiliation is not whole in the actor view');
              const same = (a: Json) =>
                a.parent === sentAffiliation.parent &&
                Date.parse(a.from as string) ===
                  Date.parse(fromInstant(sentAffiliation.from as string)) &&
                (sentAffiliation.to === undefined || sentAffiliation.to === null
                  ? a.to === undefined
                  : Date.parse(a.to as string) ===
                    Date.parse(fromInstant(sentAffiliation.to as string))) &&
                (a.role ?? '') === (sentAffiliation.role ?? '');
              if (!after.some(same)) fail(sent, r, 'the affiliation does not read back');
            },
          });
          if (body.shape === 'valid' && leaves.includes(actor)) expectStatus(reply, 200, 201);
        },
      };
    }),
    endpoint('POST', '/records', 200, () => ({
      cases: fc.record({
        body: bodyCases(validRecord, RECORD_PATHS),
        query: queryString,
        headers: writeHeaders,
      }),
      property: async (sent, { body, headers }) => {
        const json = jsonOf(body);
        const expectedOutcome =
          body.shape === 'valid'
            ? creationOutcome(expectedRecord(body.json, body.json.id as string))
            : undefined;
        const reply = await attack(sent, {
          onSuccess: async (r, before) => {
            if (!json) fail(sent, r, 'a body that is not JSON was taken');
            const id = (r.body as { id: string }).id;
            const expected = expectedRecord(json, id);
            const outcome = creationOutcome(expected);
            if (outcome === 'created') records.set(id, expected);
            if (outcome === 'reused') fail(sent, r, 'a record id was reused with another body');
            if ((r.status === 201) !== (outcome === 'created'))
              fail(sent, r, `expected the record to be ${outcome}`);
            await expectAppended(sent, r, before, outcome === 'created' ? 1 : 0);
            await expectRecordReadsBack(sent, r, id, expected);
          },
        });
        if (expectedOutcome !== undefined && Object.keys(headers).length === 0)
          expectStatus(reply, { created: 201, unchanged: 200, reused: 422 }[expectedOutcome]);
      },
    })),
    endpoint('POST', '/records/import', 100, () => {
      type Line =
        | { readonly kind: 'record'; readonly body: Json; readonly valid: boolean }
        | { readonly kind: 'other'; readonly text: string };
      const line: fc.Arbitrary<Line> = fc.oneof(
        {
          arbitrary: validRecord.map((body): Line => ({ kind: 'record', body, valid: true })),
          weight: 4,
        },
        {
          arbitrary: bodyCases(validRecord, RECORD_PATHS)
            .filter((c) => c.shape === 'mutated')
            .map((c): Line => ({ kind: 'record', body: c.json, valid: false })),
          weight: 4,
        },
        {
          arbitrary: fc
            .oneof(fc.jsonValue({ maxDepth: 3 }), nastyString, dateLike)
            .map((value): Line => ({ kind: 'other', text: JSON.stringify(value) })),
          weight: 2,
        },
        {
          arbitrary: fc
            .oneof(nastyString, fc.constantFrom('', '   ', '\t', '{', '{"kind":', '[]', 'null'))
            .map((s): Line => ({ kind: 'other', text: s.replace(/[\r\n]/g, '') })),
          weight: 2,
        },
      );
      const cases = fc
        .record({
          lines: fc.array(line, { minLength: 0, maxLength: 8 }),
          separator: fc.constantFrom('\n', '\r\n'),
          trailing: fc.boolean(),
          contentType: fc.oneof(
            { arbitrary: fc.constant('application/x-ndjson'), weight: 6 },
            {
              arbitrary: fc.constantFrom<string | undefined>(
                'application/ndjson',
                'application/jsonl',
                'application/x-ndjson; charset=utf-8',
                'application/json',
                'text/plain',
                'application/xml',
                undefined,
              ),
              weight: 2,
            },
          ),
          query: queryString,
        })
        .map((c) => {
          const texts = c.lines.map((l) => (l.kind === 'record' ? JSON.stringify(l.body) : l.text));
          const ndjson = texts.join(c.separator) + (c.trailing ? c.separator : '');
          const body: BodyCase = { shape: 'raw', text: ndjson, contentType: c.contentType };
          return { ...c, texts, ndjson, body };
        });
      return {
        cases,
        property: async (sent, { lines, texts, ndjson, contentType, query }) => {
          // A known gap (see below): a JSON string sent as application/json is imported.
          fc.pre(!(contentType === 'application/json' && isJsonString(ndjson)));
          // The import's query names the format (and the file, for the report): any other
          // parameter, or a format that is not NDJSON's, is refused, naming it.
          const params = [...new URLSearchParams(query)];
          const isWrong = ([name, value]: [string, string]): boolean =>
            !['format', 'file'].includes(name) ||
            (name === 'format' && value !== 'ndjson') ||
            (name === 'file' && value.length > 256);
          const wrong = params.filter(isWrong).map(([name]) => name);
          const ndjsonType = /^application\/(?:x-ndjson|ndjson|jsonl)\b/.test(contentType ?? '');
          if (ndjsonType && wrong.length > 0) {
            const reply = await attack(sent);
            expectStatus(reply, 400);
            const named = ((reply.body as ProblemBody).errors ?? []).map((e) => e.field);
            if (!named.some((field) => wrong.includes(field)))
              fail(
                sent,
                reply,
                `the refusal names ${named.join(', ')}, none of ${wrong.join(', ')}`,
              );
            return;
          }
          const isNdjson = /^application\/(?:x-ndjson|ndjson|jsonl)\b/.test(contentType ?? '');
          const reply = await attack(sent, {
            onSuccess: async (r, before) => {
              const report = r.body as {
                received: number;
                created: number;
                unchanged: number;
                refused: number;
                results: { line: number; status: string; id?: string; problem?: ProblemBody }[];
              };
              if (!isNdjson) fail(sent, r, 'a body that is not NDJSON was imported');
              // Each generated line is one physical line; blank ones are passed over.
              const numbered = texts
                .map((s, i) => ({ s, line: i + 1, source: lines[i]! }))
                // The record as it went on the wire (JSON text: -0 is 0).
                .map((n) => ({ ...n, wire: () => JSON.parse(n.s) as Json }))
                .filter(({ s }) => s.trim() !== '');
              // What the store now holds goes into the model first, so that a failed check
              // below leaves the model true for the next runs (and for shrinking).
              const known = new Map(records);
              for (const [i, result] of report.results.entries()) {
                const entry = numbered[i];
                if (result.status === 'created' && entry?.source.kind === 'record')
                  records.set(
                    result.id as string,
                    expectedRecord(entry.wire(), result.id as string),
                  );
              }
              expect(report.results.map((x) => x.line)).toEqual(numbered.map((n) => n.line));
              expect(report.received).toBe(numbered.length);
              const count = (status: string) =>
                report.results.filter((x) => x.status === status).length;
              expect([report.created, report.unchanged, report.refused]).toEqual([
                count('created'),
                count('unchanged'),
                count('refused'),
              ]);
              await expectAppended(sent, r, before, report.created);
              for (const [i, result] of report.results.entries()) {
                const { source, wire } = numbered[i]!;
                if (result.status === 'refused') {
                  const p = result.problem;
                  if (!p || typeof p.status !== 'number' || p.status < 400 || p.status >= 500)
                    fail(sent, r, `line ${result.line} refused without a 4xx problem`);
                  if (source.kind === 'record' && source.valid) {
                    const outcome = creationOutcome(
                      expectedRecord(wire(), source.body.id as string),
                      known,
                    );
                    if (outcome !== 'reused')
                      fail(sent, r, `valid line ${result.line} was refused`);
                  }
                  continue;
                }
                if (source.kind !== 'record')
                  fail(sent, r, `line ${result.line} was taken but is not a record`);
                const expected = expectedRecord(wire(), result.id as string);
                const outcome = creationOutcome(expected, known);
                if (result.status === 'created') known.set(result.id as string, expected);
                if (result.status !== outcome)
                  fail(sent, r, `line ${result.line} should be ${outcome}, is ${result.status}`);
                await expectRecordReadsBack(sent, r, result.id as string, expected);
              }
            },
          });
          if (isNdjson) expectStatus(reply, 200);
        },
      };
    }),
    endpoint('POST', '/records/:id/corrections', 150, () => {
      const validChanges = fc
        .record(
          {
            occurredAt: validInstant,
            precision: fc.constantFrom(...PRECISIONS),
            quote: text(200),
            citation: citation(50, 50, []),
            topics: fc.array(tag, { maxLength: 4 }),
            code: orNull(cameoCode),
            tone,
            confidence,
            note: note(80),
          },
          { requiredKeys: [] },
        )
        .filter((changes) => Object.keys(changes).length > 0)
        .map((changes) => ({ changes, reason: 'fuzzed correction' }));
      const isFixture = (target: string) => (CORRECTED as readonly string[]).includes(target);
      const idOf = (target: string) =>
        isFixture(target) ? fixture[target as (typeof CORRECTED)[number]] : target;
      return {
        cases: fc.record({
          target: idSegment(
            { arbitrary: fc.constantFrom<string>('statement', 'threat', 'denial'), weight: 6 },
            { arbitrary: fc.constant('retracted'), weight: 1 },
          ),
          body: bodyCases(validChanges, [
            'changes',
            'reason',
            ...RECORD_PATHS.filter((p) => p !== 'id').map((p) => `changes.${p}`),
          ]),
          query: queryString,
          headers: writeHeaders,
        }),
        segment: (c) => idOf(c.target),
        property: async (sent, { target, body, headers }) => {
          const id = idOf(target);
          const current = isFixture(target) ? await readRecord(id) : undefined;
          const reply = await attack(sent, {
            onSuccess: async (r, before) => {
              const correction = jsonOf(body) as { changes: Json } | undefined;
              if (!current || target === 'retracted' || !correction)
                fail(sent, r, 'a correction was taken that should not be');
              const expected = applyChanges(recordFields(current), correction.changes);
              const changed = canonical(expected) !== canonical(recordFields(current));
              if ((r.status === 201) !== changed)
                fail(sent, r, changed ? 'a change must answer 201' : 'a no-op must answer 200');
              await expectAppended(sent, r, before, changed ? 1 : 0);
              await expectRecordReadsBack(sent, r, id, expected);
            },
          });
          if (body.shape === 'valid' && Object.keys(headers).length === 0) {
            expectStatus(
              reply,
              ...(target === 'retracted' ? [422] : isFixture(target) ? [200, 201] : [400, 404]),
            );
          }
        },
      };
    }),
    endpoint('POST', '/records/:id/retraction', 100, () => {
      const retracted = new Set<string>([fixture.retracted]);
      const validRetraction = fc.record({ reason: text(200) }) as fc.Arbitrary<Json>;
      return {
        cases: fc.record({
          target: idSegment(
            { arbitrary: memberOf(() => fixture.toRetract), weight: 4 },
            { arbitrary: fc.constant(fixture.retracted), weight: 1 },
          ),
          body: bodyCases(validRetraction, ['reason']),
          query: queryString,
          headers: writeHeaders,
        }),
        segment: (c) => c.target,
        property: async (sent, { target, body, headers }) => {
          const wasRetracted = retracted.has(target);
          const reply = await attack(sent, {
            onSuccess: async (r, before) => {
              if (!records.has(target)) fail(sent, r, 'an unknown record was retracted');
              retracted.add(target);
              if ((r.status === 201) === wasRetracted)
                fail(sent, r, 'a first retraction answers 201, a repeated one 200');
              await expectAppended(sent, r, before, wasRetracted ? 0 : 1);
              const view = await readRecord(target);
              if (view?.status !== 'retracted') fail(sent, r, 'the record is not retracted');
            },
          });
          if (body.shape === 'valid' && Object.keys(headers).length === 0)
            expectStatus(reply, ...(records.has(target) ? [200, 201] : [400, 404]));
        },
      };
    }),
    endpoint('POST', '/records/:id/outcome', 100, () => {
      const outcomes = new Map<string, Json>();
      const validOutcome = fc
        .record(
          {
            outcome: fc.constantFrom(...THREAT_OUTCOMES),
            occurredAt: validInstant,
            note: text(100),
          },
          { requiredKeys: ['outcome', 'occurredAt'] },
        )
        .map(asJson);
      return {
        cases: fc.record({
          target: idSegment(
            { arbitrary: memberOf(() => fixture.threats), weight: 4 },
            { arbitrary: fc.constantFrom(fixture.statement, fixture.retracted), weight: 1 },
          ),
          body: bodyCases(validOutcome, ['outcome', 'occurredAt', 'note']),
          query: queryString,
          headers: writeHeaders,
        }),
        segment: (c) => c.target,
        property: async (sent, { target, body, headers }) => {
          const isThreat = fixture.threats.includes(target);
          const recorded = outcomes.get(target);
          const reply = await attack(sent, {
            onSuccess: async (r, before) => {
              const sentOutcome = jsonOf(body);
              if (!isThreat || !sentOutcome)
                fail(sent, r, 'an outcome was taken that should not be');
              const outcome = withoutNulls(sentOutcome) as Json;
              const created = recorded === undefined;
              if (created) outcomes.set(target, outcome);
              if ((r.status === 201) !== created) fail(sent, r, 'a first outcome answers 201');
              if (!created && canonical(recorded) !== canonical(outcome))
                fail(sent, r, 'a second, different outcome was taken');
              await expectAppended(sent, r, before, created ? 1 : 0);
              const view = await readRecord(target);
              const { recordedAt: _at, ...readOutcome } = (view?.outcome ?? {}) as Json;
              expect(readOutcome).toEqual(outcome);
            },
          });
          if (body.shape === 'valid' && Object.keys(headers).length === 0) {
            const same = recorded !== undefined && canonical(recorded) === canonical(body.json);
            expectStatus(
              reply,
              ...(!isThreat
                ? [400, 404, 422]
                : recorded === undefined
                  ? [201]
                  : same
                    ? [200]
                    : [422]),
            );
          }
        },
      };
    }),
    endpoint('POST', '/subscriptions', 120, () => {
      const validSubscription = fc
        .record(
          {
            url: webUrl,
            filter: fc.record(
              {
                types: fc.subarray(EVENT_TYPES, { minLength: 1 }),
                actors: fc.array(
                  memberOf(() => sampleActors),
                  { minLength: 1, maxLength: 3 },
                ),
                dyads: fc.array(
                  fc
                    .tuple(
                      memberOf(() => sampleActors),
                      memberOf(() => sampleActors),
                    )
                    .map(([a, b]) => `${a}~${b}`),
                  { minLength: 1, maxLength: 3 },
                ),
                kinds: fc.subarray([...RECORD_KINDS], { minLength: 1 }),
              },
              { requiredKeys: [] },
            ),
            from: subscriptionPosition,
            description: text(100),
          },
          { requiredKeys: ['url'] },
        )
        .map(asJson);
      return {
        cases: fc.record({
          body: bodyCases(validSubscription, [
            'url',
            'filter',
            'from',
            'description',
            'filter.types',
            'filter.actors',
            'filter.dyads',
            'filter.kinds',
          ]),
          query: queryString,
        }),
        property: async (sent, { body }) => {
          const reply = await attack(sent, {
            onSuccess: async (r, before) => {
              const sentSubscription = jsonOf(body);
              if (!sentSubscription) fail(sent, r, 'a body that is not JSON was taken');
              await expectAppended(sent, r, before, 0);
              const created = r.body as Json;
              if (typeof created.id === 'string') subscriptions.push(created.id);
              if (r.status !== 201 || typeof created.secret !== 'string')
                fail(sent, r, 'a subscription is created with its secret');
              const read = await api(t.baseUrl).get<Json>(`/subscriptions/${String(created.id)}`);
              expectStatus(read, 200);
              expect(read.body.url).toBe(new URL(sentSubscription.url as string).toString());
              expect(read.body.filter).toEqual(sentSubscription.filter ?? {});
              expect(read.body.description).toBe(sentSubscription.description ?? null);
              const from = sentSubscription.from ?? 'now';
              if (from === 'start') expect(read.body.position).toBeNull();
              else if (from !== 'now') expect(read.body.position).toBe(from);
              const after = JSON.parse((await fingerprint()).subscriptions) as unknown[];
              expect(after).toHaveLength(
                (JSON.parse(before.subscriptions) as unknown[]).length + 1,
              );
            },
          });
          if (body.shape === 'valid') expectStatus(reply, 201);
        },
      };
    }),
    idOnlyEndpoint('POST', '/subscriptions/:id/resume', 100, subscriptionCases, {
      known: (id) => subscriptions.includes(id),
      unknown: 'an unknown subscription resumed',
      status: 200,
      andThen: (r) => expect((r.body as Json).state).toBe('active'),
    }),
    idOnlyEndpoint('POST', '/subscriptions/:id/rotate-secret', 100, subscriptionCases, {
      known: (id) => subscriptions.includes(id),
      unknown: 'an unknown subscription had its secret rotated',
      status: 200,
      andThen: (r) => expect(String((r.body as Json).secret)).toMatch(/^whsec_/),
    }),
    endpoint('POST', '/subscriptions/:id/reset', 100, () => ({
      cases: fc.record({
        id: subscriptionId(),
        body: bodyCases(
          subscriptionPosition.map((position) => ({ position })),
          ['position'],
        ),
        query: queryString,
      }),
      segment: (c) => c.id,
      property: async (sent, { id, body }) => {
        const reply = await attack(sent, {
          onSuccess: async (r, before) => {
            const reset = jsonOf(body);
            if (!subscriptions.includes(id) || !reset)
              fail(sent, r, 'a reset was taken that should not be');
            expectStatus(r, 200);
            await expectAppended(sent, r, before, 0);
            const position = reset.position;
            const head = (await store.headPosition()) ?? null;
            expect((r.body as Json).position).toBe(
              position === 'start' ? null : position === 'now' ? head : position,
            );
          },
        });
        if (body.shape === 'valid')
          expectStatus(reply, ...(subscriptions.includes(id) ? [200] : [400, 404]));
      },
    })),
    idOnlyEndpoint('DELETE', '/subscriptions/:id', 100, subscriptionCases, {
      known: (id) => subscriptions.includes(id),
      unknown: 'an unknown subscription was deleted',
      status: 204,
      taken: (id) => subscriptions.splice(subscriptions.indexOf(id), 1),
      andThen: async (_, id) => expectStatus(await api(t.baseUrl).get(`/subscriptions/${id}`), 404),
    }),
    endpoint('POST', '/admin/projections/:name/rebuild', 60, () => ({
      cases: adminCases(),
      segment: (c) => c.segment,
      property: async (sent, { segment: name, body, thenCancel }) => {
        const rowsBefore = readModelRows(t.dbFile);
        const reply = await attack(sent, {
          onSuccess: async (r, before) => {
            if (!PROJECTIONS.includes(name)) fail(sent, r, 'an unknown projection rebuilt');
            expectStatus(r, 202);
            if (thenCancel) {
              const cancelled = await send({
                method: 'DELETE',
                path: `/admin/projections/${name}/rebuild`,
              });
              expectStatus(cancelled, 200);
            }
            await rebuildDone(name);
            await expectAppended(sent, r, before, 0);
            // A rebuild builds the very rows the live generation holds.
            expect(readModelRows(t.dbFile)).toEqual(rowsBefore);
          },
        });
        if (body === undefined)
          expectStatus(reply, ...(PROJECTIONS.includes(name) ? [202] : [400, 404]));
      },
    })),
    endpoint('DELETE', '/admin/projections/:name/rebuild', 60, () => ({
      cases: adminCases(),
      segment: (c) => c.segment,
      property: async (sent, { segment: name, body, thenCancel: running }) => {
        // Some cases start a rebuild first, so that there is one to cancel.
        if (running && PROJECTIONS.includes(name))
          expectStatus(
            await send({ method: 'POST', path: `/admin/projections/${name}/rebuild` }),
            202,
          );
        const reply = await attack(sent, {
          onSuccess: async (r, before) => {
            if (!PROJECTIONS.includes(name)) fail(sent, r, 'an unknown projection cancelled');
            expectStatus(r, 200);
            await expectAppended(sent, r, before, 0);
            expect((r.body as Json).rebuild).toBeNull();
          },
        });
        await rebuildDone(name);
        if (body === undefined)
          expectStatus(reply, ...(PROJECTIONS.includes(name) ? [200] : [400, 404]));
      },
    })),
    endpoint('POST', '/coding/suggestions', 40, () => {
      const validArticle = fc
        .record(
          {
            text: fc.constantFrom(...CODING_TEXTS),
            publishedAt: validInstant,
            outlet: text(40),
            title: text(60),
          },
          { requiredKeys: ['text'] },
        )
        .map(asJson);
      return {
        cases: fc.record({
          body: bodyCases(validArticle, ['text', 'publishedAt', 'outlet', 'title']),
          query: queryString,
        }),
        property: async (sent, { body }) => {
          const reply = await attack(sent, {
            onSuccess: async (r, before) => {
              const article = jsonOf(body);
              if (!article || typeof article.text !== 'string')
                fail(sent, r, 'an article without text was coded');
              expectStatus(r, 200);
              // Suggesting records nothing: only an accept does.
              await expectAppended(sent, r, before, 0);
              const answer = r.body as { suggestions: { id: string; quote: Json }[] };
              for (const { id, quote } of answer.suggestions) {
                codingSuggestions.push(id);
                expect(article.text.slice(Number(quote.start), Number(quote.end))).toBe(quote.text);
              }
            },
          });
          if (body.shape === 'valid') expectStatus(reply, 200);
        },
      };
    }),
    endpoint('POST', '/coding/suggestions/:id/accept', 40, () => ({
      cases: fc.record({
        id: suggestionId(),
        body: fc.option(
          bodyCases(
            fc.record({ edits: fc.record({ topics: fc.constant(['fuzz']) }) }).map(asJson),
            ['edits', 'edits.topics'],
          ),
          { nil: undefined },
        ),
        query: queryString,
      }),
      segment: (c) => c.id,
      property: async (sent, { id }) => {
        await someSuggestions();
        await attack(sent, {
          onSuccess: async (r, before) => {
            if (!codingSuggestions.includes(id)) fail(sent, r, 'an unknown suggestion accepted');
            expectStatus(r, 200, 201);
            acceptedSuggestions.add(id);
            // The record, once: a retried accept appends nothing.
            await expectAppended(sent, r, before, r.status === 201 ? 1 : 0);
          },
        });
      },
    })),
    endpoint('POST', '/coding/suggestions/:id/reject', 60, () => ({
      cases: suggestionCases(),
      segment: (c) => c.segment,
      property: async (sent, { segment: id, body }) => {
        const known = codingSuggestions.includes(id);
        const reply = await attack(sent, {
          onSuccess: async (r, before) => {
            if (!known) fail(sent, r, 'an unknown suggestion rejected');
            expectStatus(r, 200);
            await expectAppended(sent, r, before, 0);
            expect((r.body as Json).status).toBe('rejected');
          },
        });
        // An accepted suggestion is a record now: it is not rejected (409).
        if (body === undefined)
          expectStatus(
            reply,
            ...(known ? (acceptedSuggestions.has(id) ? [409] : [200]) : [400, 404]),
          );
      },
    })),
    idOnlyEndpoint('POST', '/admin/projections/:name/retry', 100, adminCases, {
      known: (name) => PROJECTIONS.includes(name),
      unknown: 'an unknown projection retried',
      status: 200,
      andThen: (r) => expect((r.body as Json).lastError).toBeNull(),
    }),
    endpoint('POST', '/admin/projections/:name/skip', 100, () => {
      const validSkip = fc
        .record({ position: memberOf(() => positions), reason: text(100) })
        .map((s) => s as Json);
      return {
        cases: fc.record({
          name: projectionName(),
          body: bodyCases(validSkip, ['position', 'reason']),
          query: queryString,
        }),
        segment: (c) => c.name,
        property: async (sent, { name, body }) => {
          // No projection has failed, so there is never anything to skip.
          const reply = await attack(sent, {
            onSuccess: (r) => fail(sent, r, 'a skip was taken with no failed projection'),
          });
          if (body.shape === 'valid')
            expectStatus(reply, ...(PROJECTIONS.includes(name) ? [409] : [400, 404]));
        },
      };
    }),
  ];

  /** An id segment: mostly the `aimed` ones, else a random UUID or a nasty segment. */
  function idSegment(...aimed: fc.WeightedArbitrary<string>[]): fc.Arbitrary<string> {
    return fc.oneof(
      ...aimed,
      { arbitrary: uuid, weight: 1 },
      { arbitrary: nastySegment, weight: 1 },
    );
  }

  function subscriptionId(): fc.Arbitrary<string> {
    return idSegment({
      arbitrary: fc
        .nat()
        .map((n) => subscriptions[n % Math.max(1, subscriptions.length)] ?? 'none'),
      weight: 4,
    });
  }

  /** A subscription to resume or delete, mostly with no body. */
  function subscriptionCases(): fc.Arbitrary<SegmentCase> {
    return fc.record({
      segment: subscriptionId(),
      body: fc.option(bodyCases(fc.constant({}), []), { nil: undefined }),
      query: queryString,
    });
  }

  function projectionName(): fc.Arbitrary<string> {
    return fc.oneof(
      { arbitrary: fc.constantFrom(...PROJECTIONS), weight: 3 },
      {
        arbitrary: fc.constantFrom(
          'Records',
          'TONE',
          'actors%20',
          'records.',
          'tone_points',
          'constructor',
          '__proto__',
          'toString',
        ),
        weight: 1,
      },
      { arbitrary: nastySegment, weight: 1 },
    );
  }

  /** Suggestions made by the coding endpoint (or, before it ran, by {@link someSuggestions}). */
  const codingSuggestions: string[] = [];
  const acceptedSuggestions = new Set<string>();

  /** Articles to code: English prose, quotes by people the directory does not know. */
  const CODING_TEXTS = [
    '"We will not accept these terms," said Minister Alda Rimsky on Sunday. She added that talks would resume next week.',
    'The spokesman said that the border would stay closed until the dispute was settled. "Nobody has been expelled," he told reporters.',
    'Officials warned on Friday that tariffs of 25 percent would follow if the deadline passed. "We deny any role in the attack," the ministry said.',
  ];

  async function someSuggestions(): Promise<void> {
    if (codingSuggestions.length > 0) return;
    for (const textOf of CODING_TEXTS) {
      const made = await api(t.baseUrl).post<{ suggestions: { id: string }[] }>(
        '/coding/suggestions',
        { text: textOf, publishedAt: '2026-03-02T09:00:00Z' },
      );
      expectStatus(made, 200);
      codingSuggestions.push(...made.body.suggestions.map((s) => s.id));
    }
  }

  function suggestionId(): fc.Arbitrary<string> {
    return idSegment({
      arbitrary: fc
        .nat()
        .map((n) => codingSuggestions[n % Math.max(1, codingSuggestions.length)] ?? 'none'),
      weight: 4,
    });
  }

  /** A suggestion to reject, mostly with no body. */
  function suggestionCases(): fc.Arbitrary<SegmentCase> {
    return fc.record({
      segment: suggestionId(),
      body: fc.option(bodyCases(fc.constant({}), []), { nil: undefined }),
      query: queryString,
    });
  }

  /** A projection to act on, mostly with no body; `thenCancel` for the rebuilds. */
  function adminCases() {
    return fc.record({
      segment: projectionName(),
      body: fc.option(bodyCases(fc.constant({}), []), { nil: undefined, freq: 2 }),
      query: queryString,
      thenCancel: fc.boolean(),
    });
  }

  /** Waits until no rebuild of `name` runs (a rebuild of the small store takes moments). */
  async function rebuildDone(name: string): Promise<void> {
    if (!PROJECTIONS.includes(name)) return;
    await pollUntil(
      () => {
        const status = runner.statusOf(name);
        return status.rebuild === null && status.state === 'live' ? true : undefined;
      },
      `the rebuild of ${name} to finish`,
      30_000,
    );
  }

  for (const endpoint of endpoints) {
    it(`${endpoint.method} ${endpoint.path}`, () => endpoint.fuzz());
  }

  /**
   * What fuzzing found, one case each: every one answered 2xx or 5xx before its fix, and
   * must be refused with a 400 that names the field, changing nothing.
   */
  describe('regressions found by fuzzing', () => {
    const record = (overrides: Json = {}): Json => ({
      id: '6a1f4a1e-0c3b-4d2a-9d57-2f6f3b7e8a10',
      kind: 'statement',
      source: 'fuzz-source',
      target: 'fuzz-target',
      occurredAt: '2025-03-30T14:00:00-04:00',
      precision: 'day',
      quote: 'A regression.',
      citation: { outlet: 'Fuzz Wire', title: 'Regressions' },
      ...overrides,
    });
    const post = (path: string, json: unknown): Sent => ({
      method: 'POST',
      path,
      body: { shape: 'arbitrary', json },
    });

    /** Sends and expects a 400 naming `fields` (or the refusal of the import's one line). */
    async function refused(sent: Sent, fields: string[]): Promise<void> {
      const reply = await attack(sent);
      if (sent.path.startsWith('/records/import')) {
        expectStatus(reply, 200);
        const [result] = (reply.body as { results: { status: string; problem: ProblemBody }[] })
          .results;
        expect(result?.status).toBe('refused');
        expectFields(result?.problem.errors, fields);
        return;
      }
      expectStatus(reply, 400);
      expectFields((reply.body as ProblemBody).errors, fields);
    }

    /** Each of `fields` is named, itself or by a path inside it. */
    function expectFields(errors: ProblemBody['errors'], fields: string[]): void {
      const named = (errors ?? []).map((e) => e.field);
      for (const field of fields)
        if (!named.some((n) => n === field || n.startsWith(`${field}.`)))
          throw new Error(`expected an error naming ${field}, got ${named.join(', ')}`);
    }
    const importing = (line: unknown): Sent => ({
      method: 'POST',
      path: '/records/import',
      body: { shape: 'raw', text: JSON.stringify(line), contentType: 'application/x-ndjson' },
    });

    // ISO 8601 forms Date.parse cannot read: taken, they appended an event that failed
    // the records (or actors) projection for good, and the service with it.
    it.each(['2025-03-30T14Z', '2025-03-30T1400Z', '2025-03-30T14:00:00,5Z', '1970-01-01T00.0Z'])(
      'a time Date.parse cannot read (%s) is refused wherever a time is taken',
      async (time) => {
        await refused(post('/records', record({ occurredAt: time })), ['occurredAt']);
        await refused(importing(record({ occurredAt: time })), ['occurredAt']);
        await refused(
          post('/records', record({ citation: { outlet: 'o', title: 't', publishedAt: time } })),
          ['citation.publishedAt'],
        );
        await refused(
          post(
            '/records',
            record({ kind: 'threat', threat: { instrument: 'tariff', deadline: time } }),
          ),
          ['threat.deadline'],
        );
        await refused(
          post(`/records/${fixture.statement}/corrections`, {
            changes: { occurredAt: time },
            reason: 'r',
          }),
          ['changes.occurredAt'],
        );
        await refused(
          post(`/records/${fixture.threats[0]}/outcome`, { outcome: 'lapsed', occurredAt: time }),
          ['occurredAt'],
        );
      },
    );

    // An affiliation's times are read with luxon first, which takes more of these forms;
    // an hour with a fraction it does not read either, and the actors projection failed.
    it.each(['1970-01-01T00.0Z', '2025-03-30T14,25+02'])(
      'an affiliation time neither luxon nor Date.parse reads (%s) is refused',
      async (time) => {
        await refused(
          post(`/actors/${leaves[0]}/affiliations`, { parent: parents[0], from: time }),
          ['from'],
        );
        await refused(
          post(`/actors/${leaves[0]}/affiliations`, {
            parent: parents[0],
            from: '1970-01-01',
            to: time,
          }),
          ['to'],
        );
      },
    );

    // class-validator's whitelist takes these for declared fields, and Nest's pipe drops
    // constructor and prototype without a word: they were taken (2xx) and ignored.
    it.each(['constructor', 'prototype', 'hasOwnProperty', '__defineGetter__', 'toString'])(
      'an unknown field named %s is refused, at the top or nested',
      async (key) => {
        const top = record();
        defineOwn(top, key, 'x');
        await refused(post('/records', top), [key]);
        const nested = record();
        defineOwn(nested.citation as Json, key, 'x');
        await refused(post('/records', nested), [`citation.${key}`]);
        await refused(importing(top), [key]);
        const retraction: Json = { reason: 'r' };
        defineOwn(retraction, key, 'x');
        await refused(post(`/records/${fixture.toRetract[0]}/retraction`, retraction), [key]);
      },
    );

    it('an unknown field named __proto__ is refused in an import line', async () => {
      const line = record();
      defineOwn(line, '__proto__', { polluted: true });
      await refused(importing(line), ['__proto__']);
    });

    // class-transformer and Nest's pipe walk the body recursively: the stack overflowed (500).
    it.each([
      ['arrays', (n: number) => `{"reason":"r","a":${'['.repeat(n)}${']'.repeat(n)}}`],
      ['objects', (n: number) => `{"reason":"r",${'"a":{'.repeat(n)}${'}'.repeat(n)}}`],
    ])('a body nested thousands of levels deep (%s) is refused, not a 500', async (_, nest) => {
      for (const depth of [2_000, 20_000]) {
        const text = nest(depth);
        await refused(
          {
            method: 'POST',
            path: `/records/${fixture.toRetract[0]}/retraction`,
            body: { shape: 'raw', text, contentType: 'application/json' },
          },
          ['a'],
        );
        await refused(
          {
            method: 'POST',
            path: '/records/import',
            body: { shape: 'raw', text, contentType: 'application/x-ndjson' },
          },
          ['a'],
        );
      }
    });

    // @ValidateNested alone skips an absent object and takes an array item by item: a
    // record was stored with `citation: {}`, a correction replaced the citation with [].
    it('a record without its citation, or with an array for an object, is refused', async () => {
      await refused(post('/records', record({ citation: undefined })), ['citation']);
      await refused(importing(record({ citation: undefined })), ['citation']);
      await refused(post('/records', record({ citation: [] })), ['citation']);
      await refused(post('/records', record({ kind: 'threat', threat: [] })), ['threat']);
      await refused(post('/records', record({ kind: 'denial', denial: [{ claim: 'c' }] })), [
        'denial',
      ]);
      for (const field of ['citation', 'threat', 'denial'])
        await refused(
          post(`/records/${fixture.statement}/corrections`, {
            changes: { [field]: [] },
            reason: 'r',
          }),
          [`changes.${field}`],
        );
      await refused(post('/subscriptions', { url: 'https://hooks.example/x', filter: [] }), [
        'filter',
      ]);
    });

    // SQLite stores text as UTF-8, where a lone surrogate becomes U+FFFD: the read models
    // showed another string than the log held.
    it('text with a lone surrogate is refused', async () => {
      await refused(post('/records', record({ quote: 'half a pair: \ud83d' })), ['quote']);
      await refused(importing(record({ quote: '\udc00' })), ['quote']);
      await refused(
        post(`/actors/${leaves[0]}/affiliations`, {
          parent: parents[0],
          from: '2020-01-01',
          role: 'x\ud800',
        }),
        ['role'],
      );
      await refused(post('/actors', { id: 'fz-lone', name: '\ud800', kind: 'person' }), ['name']);
    });
  });

  /**
   * Refusals made before any route runs — by the router (a path that is not valid
   * percent-encoding, a segment over 100 characters) and by Node's HTTP parser (headers
   * over 16 KiB) — and a JSON string posing as an import. Fuzzing found them answered
   * with the router's own JSON, or imported; now they are problem+json refusals like
   * every other. The random cases above keep clear of them (MALFORMED_SEGMENTS, the
   * query length, the `fc.pre` of the import) so that each is checked here, by name.
   */
  describe('refusals before any route runs', () => {
    for (const segment of MALFORMED_SEGMENTS) {
      it(`a malformed path segment (${segment.slice(0, 12)}) is refused with problem+json`, async () => {
        const sent: Sent = {
          method: 'POST',
          path: `/records/${segment}/retraction`,
          body: { shape: 'valid', json: { reason: 'a malformed id' } },
        };
        const reply = await attack(sent);
        expect(reply.status).toBeGreaterThanOrEqual(400);
      });
    }

    // The import tells NDJSON from JSON by the parsed body being a string, which a JSON
    // string is too (a fix for src/records/http/records.controller.ts: look at the media type).
    it('a JSON string sent to the import as application/json is refused', async () => {
      const line = JSON.stringify({
        kind: 'statement',
        source: 'fuzz-source',
        target: 'fuzz-target',
        occurredAt: '2025-03-30T14:00:00Z',
        precision: 'day',
        quote: 'Smuggled in a JSON string.',
        citation: { outlet: 'o', title: 't' },
      });
      const reply = await attack({
        method: 'POST',
        path: '/records/import',
        body: { shape: 'raw', text: JSON.stringify(line), contentType: 'application/json' },
      });
      expectStatus(reply, 400);
    });

    it('headers over 16 KiB are refused with problem+json', async () => {
      const reply = await attack({
        method: 'POST',
        path: `/records/${fixture.statement}/retraction?note=${'x'.repeat(17_000)}`,
        body: { shape: 'valid', json: { reason: 'a long URL' } },
      });
      expect(reply.status).toBe(431);
    });
  });

  it('fuzzes every write route of the running app', () => {
    const writes = t.app
      .get(RouteCatalog)
      .routes()
      .filter((route) => route.method !== 'GET')
      .map((route) => `${route.method} ${route.path}`);
    expect([...new Set(writes)].sort()).toEqual(
      endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`).sort(),
    );
  });
});

function isJsonString(text: string): boolean {
  try {
    return typeof JSON.parse(text) === 'string';
  } catch {
    return false;
  }
}

/** A date or date-time as the service takes it, as an instant (a bare date is UTC midnight). */
function fromInstant(value: string): string {
  // As the service reads it (luxon: `T00Z` is an hour, which Date.parse cannot read).
  return toInstant(value);
}

/** A correction's effect: `null` removes a field; citation, threat and denial merge one level deep. */
function applyChanges(record: Record<string, unknown>, changes: Record<string, unknown>) {
  const next: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else if (
      ['citation', 'threat', 'denial'].includes(field) &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      const merged: Record<string, unknown> = { ...(next[field] as Record<string, unknown>) };
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === null) delete merged[key];
        else merged[key] = v;
      }
      next[field] = merged;
    } else next[field] = value;
  }
  return next;
}

/** The run's seed: `PARLEY_FUZZ_SEED` when set (fast-check takes a 32-bit integer), else the fixed default. */
function fuzzSeed(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_SEED;
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 31)
    throw new Error(`PARLEY_FUZZ_SEED must be a 32-bit integer, not "${value}"`);
  return seed;
}
