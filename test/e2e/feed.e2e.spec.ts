import { authHeaders } from '../support/api-keys';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { HTTP, type CloudEventV1 } from 'cloudevents';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { randomUUID } from 'node:crypto';
import { get, type IncomingMessage } from 'node:http';
import { EventStore } from '../../src/event-store/event-store.port';
import { cloudEventViolations, type CloudEvent } from '../../src/feeds/cloud-event';
import { FeedService } from '../../src/feeds/sse/feed.service';
import { backends } from '../support/backends';
import { startTestApp, type TestApp } from '../support/app';
import { api, query } from '../support/client';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import { pollUntil } from '../support/waiting';
import { authorizedEventSource } from '../support/event-source';
import type { ProblemBody, WriteReceiptBody } from '../support/responses';

/** An open `GET /feed`, read as it arrives through a real SSE parser. */
interface FeedClient {
  readonly response: Response;
  readonly messages: EventSourceMessage[];
  readonly comments: string[];
  readonly retries: number[];
  /** The envelopes of the event messages (all but `error`). */
  envelopes(): CloudEvent<Record<string, unknown>>[];
  /** Waits (bounded) until `count` event messages have arrived; returns their envelopes. */
  waitForEvents(count: number): Promise<CloudEvent<Record<string, unknown>>[]>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

const openClients = new Set<FeedClient>();

async function openFeed(
  baseUrl: string,
  params: Record<string, string | undefined> = {},
  headers: Record<string, string> = {},
): Promise<FeedClient> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/feed${query(params)}`, {
    headers: { accept: 'text/event-stream', ...authHeaders(), ...headers },
    signal: abort.signal,
  });
  const messages: EventSourceMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createParser({
    onEvent: (message) => messages.push(message),
    onComment: (comment) => comments.push(comment),
    onRetry: (retry) => retries.push(retry),
  });
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // Aborted by the test: the client went away.
    }
  })();
  const envelopes = () =>
    messages
      .filter((m) => m.event !== 'parley.error')
      .map((m) => JSON.parse(m.data) as CloudEvent<Record<string, unknown>>);
  const client: FeedClient = {
    response,
    messages,
    comments,
    retries,
    envelopes,
    ended,
    waitForEvents: (count) =>
      pollUntil(() => {
        const got = envelopes();
        return got.length >= count ? got : undefined;
      }, `${count} feed events (have ${envelopes().length})`),
    close: () => {
      abort.abort();
      openClients.delete(client);
    },
  };
  openClients.add(client);
  return client;
}

afterEach(() => {
  for (const client of openClients) client.close();
});

const fieldsOfProblem = (body: unknown): string[] | undefined =>
  (body as ProblemBody).errors?.map((e) => e.field);

const positions = (events: readonly CloudEvent[]): string[] => events.map((e) => e.parleyposition);

async function record(baseUrl: string, source: string, target: string, kind = 'statement') {
  return createRecord(baseUrl, recordBody({ source, target, kind }));
}

describe.each(backends())('GET /feed ($name)', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    await backend.setUp();
    t = await backend.start();
  });
  afterAll(async () => {
    await t?.close();
    await backend.tearDown();
  });

  it('delivers the log from the start, then new events as they are appended', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const first = await record(t.baseUrl, a, b);
    const feed = await openFeed(t.baseUrl, { actor: a });
    expect(feed.response.status).toBe(200);
    expect(feed.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(feed.response.headers.get('cache-control')).toBe('no-cache');
    expect(feed.response.headers.get('x-accel-buffering')).toBe('no');

    const caughtUp = await feed.waitForEvents(2);
    expect(caughtUp.map((e) => [e.subject, e.parleytype])).toEqual([
      [`actor-${a}`, 'ActorRegistered'],
      [first.stream, 'StatementRecorded'],
    ]);
    expect(feed.retries).toEqual([3000]);

    const live = await record(t.baseUrl, a, b, 'threat');
    const events = await feed.waitForEvents(3);
    expect(events[2]).toMatchObject({
      type: 'org.parley.ThreatIssued',
      subject: live.stream,
      parleyposition: live.position,
    });
    // The SSE id is the position token: what Last-Event-ID hands back.
    expect(feed.messages.map((m) => m.id)).toEqual(positions(events));
  });

  it('resumes after Last-Event-ID with no gap and no repeat, events appended while away included', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const dyad = `${a}~${b}`;
    const written: WriteReceiptBody[] = [];
    for (let i = 0; i < 3; i++) written.push(await record(t.baseUrl, a, b));

    const before = await openFeed(t.baseUrl, { dyad });
    const seenBefore = await before.waitForEvents(3);
    before.close();
    const lastEventId = before.messages.at(-1)?.id ?? '';
    expect(lastEventId).toBe(written[2]?.position);

    for (let i = 0; i < 3; i++) written.push(await record(t.baseUrl, a, b));
    const after = await openFeed(t.baseUrl, { dyad }, { 'last-event-id': lastEventId });
    written.push(await record(t.baseUrl, a, b));
    const seenAfter = await after.waitForEvents(4);

    expect(positions([...seenBefore, ...seenAfter])).toEqual(written.map((w) => w.position));
    expect(new Set(positions([...seenBefore, ...seenAfter])).size).toBe(written.length);
  });

  it('resumes after ?from= as after Last-Event-ID, and the header wins over it', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const written: WriteReceiptBody[] = [];
    for (let i = 0; i < 4; i++) written.push(await record(t.baseUrl, a, b));
    const [w0, w1, w2, w3] = written.map((w) => w.position) as [string, string, string, string];

    const fromQuery = await openFeed(t.baseUrl, { dyad: `${a}~${b}`, from: w1 });
    expect(positions(await fromQuery.waitForEvents(2))).toEqual([w2, w3]);

    const headerWins = await openFeed(
      t.baseUrl,
      { dyad: `${a}~${b}`, from: w0 },
      { 'last-event-id': w2 },
    );
    expect(positions(await headerWins.waitForEvents(1))).toEqual([w3]);
  });
});

describe('GET /feed, on SQLite only', () => {
  let t: TestApp;
  let feeds: FeedService;

  beforeAll(async () => {
    t = await startTestApp();
    feeds = t.app.get(FeedService);
    // Short timings: heartbeats every 100 ms; a client that reads nothing for 1 s is cut off.
    feeds.configure({ heartbeatMs: 100, drainTimeoutMs: 1000, finalFlushMs: 10_000 });
  });
  afterAll(() => t?.close());

  it('wraps each event in a valid CloudEvents 1.0 envelope', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const receipt = await record(t.baseUrl, a, b, 'threat');
    const feed = await openFeed(t.baseUrl, { dyad: `${a}~${b}` });
    const [envelope] = await feed.waitForEvents(1);
    expect(cloudEventViolations(envelope as unknown as Record<string, unknown>)).toEqual([]);
    expect(envelope).toMatchObject({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      source: 'urn:parley:log',
      type: 'org.parley.ThreatIssued',
      subject: receipt.stream,
      datacontenttype: 'application/json',
      dataschema: `${t.baseUrl}/schemas/ThreatIssued.json`,
      parleytype: 'ThreatIssued',
      parleyposition: receipt.position,
      parleyrevision: receipt.revision,
      parleyschemaversion: 2,
      data: { recordId: receipt.id, kind: 'threat', source: a, target: b },
    });
    expect(new Date(envelope?.time ?? '').toISOString()).toBe(envelope?.time);
  });

  it("reaches a plain EventSource's onmessage, each message a CloudEvent the CloudEvents SDK accepts", async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const first = await record(t.baseUrl, a, b);
    const source = authorizedEventSource(`${t.baseUrl}/feed${query({ dyad: `${a}~${b}` })}`);
    const received: CloudEventV1<unknown>[] = [];
    const ids: string[] = [];
    source.onmessage = (message) => {
      // The SDK parses a structured-mode event and validates it (strict by default).
      received.push(
        HTTP.toEvent({
          headers: { 'content-type': 'application/cloudevents+json' },
          body: message.data,
        }) as CloudEventV1<unknown>,
      );
      ids.push(message.lastEventId);
    };
    try {
      await pollUntil(() => (received.length >= 1 ? true : undefined), 'the first event');
      const live = await record(t.baseUrl, a, b, 'threat');
      await pollUntil(() => (received.length >= 2 ? true : undefined), 'the appended event');
      expect(received.map((e) => [e.type, e.subject, e.parleyposition])).toEqual([
        ['org.parley.StatementRecorded', first.stream, first.position],
        ['org.parley.ThreatIssued', live.stream, live.position],
      ]);
      expect(ids).toEqual([first.position, live.position]);
    } finally {
      source.close();
    }
  });

  it('names each event by its CloudEvents type with events=named, for addEventListener', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const threat = await record(t.baseUrl, a, b, 'threat');
    const named = await openFeed(t.baseUrl, { dyad: `${a}~${b}`, events: 'named' });
    const [envelope] = await named.waitForEvents(1);
    expect(named.messages[0]?.event).toBe('org.parley.ThreatIssued');
    expect(envelope?.parleyposition).toBe(threat.position);
    const unnamed = await openFeed(t.baseUrl, { dyad: `${a}~${b}` });
    await unnamed.waitForEvents(1);
    expect(unnamed.messages[0]?.event).toBeUndefined();
    expect(fieldsOfProblem((await api(t.baseUrl).get('/feed?events=typed')).body)).toEqual([
      'events',
    ]);
  });

  it('filters by type, kind, actor and dyad', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const [c] = await freshDyad(t.baseUrl);
    if (c === undefined) throw new Error('no actor');
    const from = (await t.app.get(EventStore).headPosition()) ?? '';
    const statement = await record(t.baseUrl, a, b);
    const threat = await record(t.baseUrl, a, b, 'threat');
    const denial = await record(t.baseUrl, b, a, 'denial');
    const other = await record(t.baseUrl, c, b);
    const outcome = await api(t.baseUrl).post<WriteReceiptBody>(`/records/${threat.id}/outcome`, {
      outcome: 'withdrawn',
      occurredAt: '2025-04-01T00:00:00Z',
    });
    expect(outcome.status).toBe(201);
    const correction = await api(t.baseUrl).post<WriteReceiptBody>(
      `/records/${statement.id}/corrections`,
      { changes: { tone: -3 }, reason: 'misread' },
    );
    expect(correction.status).toBe(201);

    const seen = async (params: Record<string, string>, count: number): Promise<string[]> => {
      const feed = await openFeed(t.baseUrl, { from, ...params });
      const events = await feed.waitForEvents(count);
      // Whatever arrives next belongs to another test: the first `count` are ours.
      return positions(events.slice(0, count));
    };
    expect(await seen({ type: 'DenialIssued,RecordCorrected' }, 2)).toEqual([
      denial.position,
      correction.body.position,
    ]);
    // kind=threat keeps the threat and its outcome: only threats have outcomes.
    expect(await seen({ kind: 'threat', actor: a }, 2)).toEqual([
      threat.position,
      outcome.body.position,
    ]);
    expect(await seen({ kind: 'statement,denial', actor: a }, 2)).toEqual([
      statement.position,
      denial.position,
    ]);
    expect(await seen({ dyad: `${a}~${b}` }, 4)).toEqual([
      statement.position,
      threat.position,
      outcome.body.position,
      correction.body.position,
    ]);
    expect(await seen({ actor: c }, 1)).toEqual([other.position]);
    expect(await seen({ dyad: `${b}~${a},${c}~${b}`, type: 'StatementRecorded' }, 1)).toEqual([
      other.position,
    ]);
  });

  it('from=now delivers only events appended after the feed opened', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    await record(t.baseUrl, a, b);
    const feed = await openFeed(t.baseUrl, { actor: a, from: 'now' });
    await pollUntil(() => (feeds.stats().open > 0 ? true : undefined), 'the feed to open');
    const fresh = await record(t.baseUrl, a, b);
    expect(positions(await feed.waitForEvents(1))).toEqual([fresh.position]);
  });

  it('sends heartbeat comments while the log is quiet', async () => {
    const feed = await openFeed(t.baseUrl, { actor: 'nobody-here', from: 'now' });
    await pollUntil(() => (feed.comments.length >= 2 ? true : undefined), 'two heartbeats', 5000);
    for (const comment of feed.comments) {
      const [word, instant] = comment.trim().split(' ');
      expect(word).toBe('heartbeat');
      expect(new Date(instant ?? '').toISOString()).toBe(instant);
    }
    expect(feed.envelopes()).toEqual([]);
  });

  it('refuses a bad Last-Event-ID, from, kind or a type that no kind keeps, before the stream starts', async () => {
    const client = api(t.baseUrl);
    const badHeader = await client.get('/feed', { headers: { 'last-event-id': 'nope' } });
    expect(badHeader.status).toBe(400);
    expect(fieldsOfProblem(badHeader.body)).toContain('Last-Event-ID');
    const badFrom = await client.get('/feed?from=yesterday');
    expect(badFrom.status).toBe(400);
    expect(fieldsOfProblem(badFrom.body)).toContain('from');
    const badKind = await client.get('/feed?kind=rumour');
    expect(badKind.status).toBe(400);
    const disjoint = await client.get('/feed?kind=threat&type=ActorRegistered');
    expect(disjoint.status).toBe(400);
    expect(fieldsOfProblem(disjoint.body)).toContain('kind');
  });

  it('stops reading the store when the client goes away', async () => {
    const feed = await openFeed(t.baseUrl, { from: 'now' });
    await pollUntil(() => (feeds.stats().open > 0 ? true : undefined), 'the feed to open');
    const openBefore = feeds.stats().open;
    feed.close();
    await pollUntil(
      () => (feeds.stats().open < openBefore ? true : undefined),
      'the feed to close',
    );
  });

  it('cuts off a client that stops reading, with a final message that says where to resume', async () => {
    // Enough padding (about 24 MB) that the socket buffers cannot take it all.
    const type = `FeedPadding${randomUUID().slice(0, 8)}`;
    const stream = `padding-${randomUUID()}`;
    const total = 6000;
    const padding = 'x'.repeat(4000);
    const store = t.app.get(EventStore);
    for (let i = 0; i < total; i += 500) {
      await store.append(
        stream,
        Array.from({ length: 500 }, (_, j) => ({
          id: randomUUID(),
          type,
          data: { index: i + j, padding },
          metadata: { schemaVersion: 1 },
        })),
        'any',
      );
    }
    const sentBefore = feeds.stats().eventsSent;
    const cutBefore = feeds.stats().slowConsumersCutOff;

    // A client that reads the headers and then nothing: its socket fills up.
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      get(`${t.baseUrl}/feed?type=${type}`, { headers: authHeaders() }, (res) => {
        res.pause();
        resolve(res);
      }).on('error', reject);
    });
    expect(response.statusCode).toBe(200);
    await pollUntil(
      () => (feeds.stats().slowConsumersCutOff > cutBefore ? true : undefined),
      'the slow consumer to be cut off',
      15_000,
    );
    const sent = feeds.stats().eventsSent - sentBefore;
    // Bounded: the server wrote what the socket could hold, not the log.
    expect(sent).toBeLessThan(total / 2);

    // Now read what was buffered: the stream ends with the final message.
    const messages: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (m) => messages.push(m) });
    await new Promise<void>((resolve, reject) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => parser.feed(chunk));
      response.on('end', resolve);
      response.on('error', reject);
      response.resume();
    });
    const last = messages.at(-1);
    // Not `error`: EventSource fires its own `error` on every connection failure.
    expect(last?.event).toBe('parley.error');
    const problem = JSON.parse(last?.data ?? '{}') as ProblemBody & { resumeFrom: string };
    expect(problem.type).toBe('/problems/slow-consumer');
    const delivered = messages.slice(0, -1);
    expect(delivered).toHaveLength(sent);
    expect(problem.resumeFrom).toBe(delivered.at(-1)?.id);

    // Resuming where it says continues with the next event.
    const resumed = await openFeed(t.baseUrl, { type }, { 'last-event-id': problem.resumeFrom });
    const [next] = await resumed.waitForEvents(1);
    expect(next?.data.index).toBe(sent);
  });
});

describe('GET /schemas (sample data)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ sample: true });
  });
  afterAll(() => t?.close());

  it("lists every event type's schema, and the sample's events validate against the served schemas", async () => {
    const client = api(t.baseUrl);
    const index = await client.get<{
      items: { type: string; cloudEventType: string; schemaVersion: number; url: string }[];
    }>('/schemas');
    expect(index.status).toBe(200);
    const types = index.body.items.map((i) => i.type);
    expect(types).toEqual(expect.arrayContaining(['StatementRecorded', 'ThreatIssued']));

    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    for (const item of index.body.items) {
      expect(item.url).toBe(`${t.baseUrl}/schemas/${item.type}.json`);
      const schema = await client.get(new URL(item.url).pathname);
      expect(schema.status).toBe(200);
      expect(schema.contentType).toMatch(/^application\/schema\+json/);
      ajv.addSchema(schema.body as object);
    }
    expect((await client.get('/schemas/NoSuchEvent.json')).status).toBe(404);

    const head = await t.app.get(EventStore).headPosition();
    const feed = await openFeed(t.baseUrl);
    const events = await pollUntil(() => {
      const got = feed.envelopes();
      return got.at(-1)?.parleyposition === head ? got : undefined;
    }, 'the feed to reach the head of the sample');
    expect(events.length).toBeGreaterThan(10);
    const failures = events.flatMap((event) => {
      expect(cloudEventViolations(event as unknown as Record<string, unknown>)).toEqual([]);
      const validate = ajv.getSchema(event.dataschema ?? '');
      if (!validate) return [`${event.parleytype}: no schema at ${String(event.dataschema)}`];
      return validate(event.data)
        ? []
        : [`${event.parleytype} ${event.id}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(failures).toEqual([]);
  });
});
