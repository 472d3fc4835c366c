import { authHeaders } from '../support/api-keys';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { get } from 'node:http';
import { EventStore } from '../../src/event-store/event-store.port';
import { ReplayService } from '../../src/replay/replay.service';
import { backends } from '../support/backends';
import { PARLEY_BIN } from '../support/parley-process';
import { startTestApp, type TestApp } from '../support/app';
import { api, query } from '../support/client';
import { actorId, createRecord, registerActors, recordBody } from '../support/builders';
import { clockPast, pollUntil } from '../support/waiting';
import type { ProblemBody, WriteReceiptBody } from '../support/responses';

/** An event as the stream and replay endpoints give it. */
interface EventBody {
  readonly id: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  readonly recordedAt: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

interface StreamPageBody {
  readonly items: EventBody[];
  readonly nextCursor: string | null;
}

/** What the test wrote, in the order it wrote it. */
interface Written {
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  readonly type: string;
}

interface Population {
  readonly a: string;
  readonly b: string;
  readonly c: string;
  readonly written: Written[];
  /** The record whose correction is in the log. */
  readonly correctedId: string;
}

const key = (e: { stream: string; revision: number }): string => `${e.stream}:${e.revision}`;
const keys = (events: readonly { stream: string; revision: number }[]): string[] => events.map(key);

/**
 * Three actors, five records over four dyads and a correction, each recorded after the
 * clock has moved, so that every event has its own recorded time.
 */
async function populate(baseUrl: string, distinctRecordedTimeMs = 3): Promise<Population> {
  const client = api(baseUrl);
  const [a, b, c] = [actorId('ra'), actorId('rb'), actorId('rc')];
  const written: Written[] = [];
  const note = async (receipt: WriteReceiptBody, type: string): Promise<void> => {
    written.push({
      stream: receipt.stream,
      revision: receipt.revision,
      position: receipt.position,
      type,
    });
    await clockPast(new Date().toISOString(), distinctRecordedTimeMs);
  };
  for (const actor of [a, b, c]) {
    const response = await client.post<WriteReceiptBody>('/actors', {
      id: actor,
      name: `Actor ${actor}`,
      kind: 'person',
    });
    expect(response.status).toBe(201);
    await note(response.body, 'ActorRegistered');
  }
  const record = async (source: string, target: string, kind: string, type: string) => {
    const receipt = await createRecord(baseUrl, recordBody({ source, target, kind }));
    await note(receipt, type);
    return receipt.id;
  };
  const correctedId = await record(a, b, 'statement', 'StatementRecorded');
  await record(a, b, 'threat', 'ThreatIssued');
  await record(b, a, 'statement', 'StatementRecorded');
  await record(c, a, 'denial', 'DenialIssued');
  await record(b, c, 'statement', 'StatementRecorded');
  const correction = await client.post<WriteReceiptBody>(`/records/${correctedId}/corrections`, {
    changes: { tone: -4 },
    reason: 'the quote was misread',
  });
  expect(correction.status).toBe(201);
  await note(correction.body, 'RecordCorrected');
  return { a, b, c, written, correctedId };
}

const dyad = (source: string, target: string): string => `dyad-${source}~${target}`;

async function ndjson(
  baseUrl: string,
  params: Record<string, string | number | undefined>,
): Promise<{ lines: EventBody[]; text: string; contentType: string }> {
  const response = await api(baseUrl).get(`/replay${query(params)}`);
  if (response.status !== 200)
    throw new Error(`GET /replay answered ${response.status}: ${response.text}`);
  const lines = response.text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as EventBody);
  return { lines, text: response.text, contentType: response.contentType };
}

/** Reads an event stream as it arrives, through a real SSE parser. */
async function eventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ response: Response; messages: EventSourceMessage[] }> {
  const response = await fetch(url, { headers: { ...authHeaders(), ...headers } });
  const messages: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => messages.push(message) });
  const decoder = new TextDecoder();
  if (!response.body) throw new Error('no body');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  parser.feed(decoder.decode());
  return { response, messages };
}

/** Expects a 400 problem that names `field`. */
function expectFieldProblem(
  response: { status: number; contentType: string; body: unknown },
  field: string,
): void {
  expect(response.status).toBe(400);
  expect(response.contentType).toMatch(/^application\/problem\+json/);
  const problem = response.body as ProblemBody;
  expect(problem.errors?.map((e) => e.field)).toContain(field);
}

describe.each(backends())('replay endpoints ($name)', (backend) => {
  let t: TestApp;
  let p: Population;
  /**
   * What the population wrote, and nothing else: after the log's head before it (a
   * shared EventStoreDB may hold other data) up to its last event (a test appends more).
   */
  let ours: { from?: string; to: string };
  let all: EventBody[];

  beforeAll(async () => {
    await backend.setUp();
    t = await backend.start();
    const before = await t.app.get(EventStore).headPosition();
    p = await populate(t.baseUrl, backend.distinctRecordedTimeMs);
    ours = { from: before, to: p.written.at(-1)?.position ?? '' };
    all = (await ndjson(t.baseUrl, ours)).lines;
  });
  afterAll(async () => {
    await t?.close();
    await backend.tearDown();
  });

  describe('GET /streams/{stream}/events', () => {
    const page = (stream: string, params: Record<string, string | number | undefined> = {}) =>
      api(t.baseUrl).get<StreamPageBody>(
        `/streams/${encodeURIComponent(stream)}/events${query(params)}`,
      );

    it("gives a stream's events forwards with type, data, metadata, revision, position and recorded time", async () => {
      const response = await page(dyad(p.a, p.b));
      expect(response.status).toBe(200);
      const { items, nextCursor } = response.body;
      expect(nextCursor).toBeNull();
      const written = p.written.filter((w) => w.stream === dyad(p.a, p.b));
      expect(items.map((e) => [e.stream, e.revision, e.type, e.position])).toEqual(
        written.map((w) => [w.stream, w.revision, w.type, w.position]),
      );
      expect(items.map((e) => e.type)).toEqual([
        'StatementRecorded',
        'ThreatIssued',
        'RecordCorrected',
      ]);
      for (const event of items) {
        expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(new Date(event.recordedAt).toISOString()).toBe(event.recordedAt);
        expect(event.metadata).toMatchObject({ schemaVersion: expect.any(Number) as number });
        expect(event.data).toMatchObject({ recordId: expect.any(String) as string });
      }
      expect(items[2]?.data).toMatchObject({ recordId: p.correctedId, changes: { tone: -4 } });
      // The same events, in the same shape, as the replay gives them.
      expect(items).toEqual(all.filter((e) => e.stream === dyad(p.a, p.b)));
    });

    it('gives them backwards, and from a revision either way', async () => {
      const backwards = await page(dyad(p.a, p.b), { direction: 'backwards' });
      expect(backwards.body.items.map((e) => e.revision)).toEqual([2, 1, 0]);
      const fromOne = await page(dyad(p.a, p.b), { fromRevision: 1 });
      expect(fromOne.body.items.map((e) => e.revision)).toEqual([1, 2]);
      const backFromOne = await page(dyad(p.a, p.b), { direction: 'backwards', fromRevision: 1 });
      expect(backFromOne.body.items.map((e) => e.revision)).toEqual([1, 0]);
    });

    it.each([
      ['forwards', 1],
      ['forwards', 2],
      ['backwards', 1],
      ['backwards', 2],
    ] as const)(
      'pages %s by %i, the cursor visiting every event once',
      async (direction, limit) => {
        const visited: number[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 10; pages++) {
          const response = await page(dyad(p.a, p.b), { direction, limit, fromRevision: cursor });
          expect(response.status).toBe(200);
          expect(response.body.items.length).toBeLessThanOrEqual(limit);
          visited.push(...response.body.items.map((e) => e.revision));
          if (response.body.nextCursor === null) break;
          expect(typeof response.body.nextCursor).toBe('string');
          cursor = response.body.nextCursor;
        }
        expect(visited).toEqual(direction === 'forwards' ? [0, 1, 2] : [2, 1, 0]);
      },
    );

    it('answers 404 for a stream with no events, and an empty last page past the end of one', async () => {
      const unknown = await page(dyad(actorId('nobody'), actorId('none')));
      expect(unknown.status).toBe(404);
      expect(unknown.contentType).toMatch(/^application\/problem\+json/);
      const past = await page(dyad(p.a, p.b), { fromRevision: 50 });
      expect(past.status).toBe(200);
      expect(past.body).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['direction', { direction: 'sideways' }],
      ['fromRevision', { fromRevision: -1 }],
      ['fromRevision', { fromRevision: 'first' }],
      ['limit', { limit: 0 }],
      ['limit', { limit: 1001 }],
      ['limit', { limit: 'ten' }],
      ['cursor', { cursor: '2' }],
    ])('refuses a bad %s with 400 naming it', async (field, params) => {
      expectFieldProblem(await page(dyad(p.a, p.b), params), field);
    });
  });

  describe('GET /replay as NDJSON', () => {
    it('gives the whole log in order, one event per line, as written', async () => {
      const { contentType } = await ndjson(t.baseUrl, ours);
      expect(contentType).toMatch(/^application\/x-ndjson/);
      expect(all.map((e) => [key(e), e.type, e.position])).toEqual(
        p.written.map((w) => [key(w), w.type, w.position]),
      );
      const positions = all.map((e) => e.position);
      expect([...positions].sort()).toEqual(positions);
    });

    it.each<[string, (p: Population) => Record<string, string>, (p: Population) => string[]]>([
      [
        'stream (a comma list)',
        (p) => ({ stream: `${dyad(p.b, p.a)},actor-${p.c}` }),
        (p) => [`actor-${p.c}:0`, `${dyad(p.b, p.a)}:0`],
      ],
      [
        'category',
        () => ({ category: 'actor' }),
        (p) => [`actor-${p.a}:0`, `actor-${p.b}:0`, `actor-${p.c}:0`],
      ],
      [
        'type',
        () => ({ type: 'RecordCorrected,DenialIssued' }),
        (p) => [`${dyad(p.c, p.a)}:0`, `${dyad(p.a, p.b)}:2`],
      ],
      [
        'actor: its own stream and its dyads as source or target',
        (p) => ({ actor: p.a }),
        (p) => [
          `actor-${p.a}:0`,
          `${dyad(p.a, p.b)}:0`,
          `${dyad(p.a, p.b)}:1`,
          `${dyad(p.b, p.a)}:0`,
          `${dyad(p.c, p.a)}:0`,
          `${dyad(p.a, p.b)}:2`,
        ],
      ],
      [
        'dyad, directed',
        (p) => ({ dyad: `${p.a}~${p.b}` }),
        (p) => [`${dyad(p.a, p.b)}:0`, `${dyad(p.a, p.b)}:1`, `${dyad(p.a, p.b)}:2`],
      ],
      [
        'actor AND type AND category',
        (p) => ({ actor: p.c, type: 'StatementRecorded,DenialIssued', category: 'dyad' }),
        (p) => [`${dyad(p.c, p.a)}:0`, `${dyad(p.b, p.c)}:0`],
      ],
      [
        'a category and a dyad that cannot both hold',
        (p) => ({ category: 'actor', dyad: `${p.a}~${p.b}` }),
        () => [],
      ],
    ])('filters by %s, exactly', async (_what, params, expected) => {
      const { lines } = await ndjson(t.baseUrl, { ...ours, ...params(p) });
      expect(keys(lines)).toEqual(expected(p));
    });

    it('gives a position range (from, to]: from exclusive, to inclusive', async () => {
      const from = all[2]?.position;
      const to = all[6]?.position;
      const { lines } = await ndjson(t.baseUrl, { from, to });
      expect(keys(lines)).toEqual(keys(all.slice(3, 7)));
    });

    it('gives a recorded-time range [recordedFrom, recordedTo)', async () => {
      const recordedFrom = all[3]?.recordedAt;
      const recordedTo = all[7]?.recordedAt;
      const { lines } = await ndjson(t.baseUrl, { ...ours, recordedFrom, recordedTo });
      expect(keys(lines)).toEqual(keys(all.slice(3, 7)));
      // The same range with offsets, as an analyst in New York would write it.
      const newYork = (iso: string | undefined): string =>
        new Date(Date.parse(iso ?? '') - 4 * 3600_000).toISOString().replace('Z', '-04:00');
      const shifted = await ndjson(t.baseUrl, {
        ...ours,
        recordedFrom: newYork(recordedFrom),
        recordedTo: newYork(recordedTo),
      });
      expect(keys(shifted.lines)).toEqual(keys(all.slice(3, 7)));
    });

    it('stops after limit events, and resumes after the last one', async () => {
      const first = await ndjson(t.baseUrl, { ...ours, category: 'dyad', limit: 2 });
      const rest = await ndjson(t.baseUrl, {
        ...ours,
        from: first.lines[1]?.position,
        category: 'dyad',
      });
      expect(keys([...first.lines, ...rest.lines])).toEqual(
        keys(all.filter((e) => e.stream.startsWith('dyad-'))),
      );
      expect(first.lines).toHaveLength(2);
    });

    it('ends at the head of the log as it was when asked, even while events are appended', async () => {
      // Two actors of this test's own, so the append changes nothing another test reads.
      const [x, y] = [actorId('rx'), actorId('ry')];
      await registerActors(t.baseUrl, x, y);
      const before = await ndjson(t.baseUrl, { from: ours.from });
      const times = before.lines.map((e) => Date.parse(e.recordedAt));
      const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
      // Paced to last about a second, so the append lands while the replay runs.
      const response = await fetch(
        `${t.baseUrl}/replay${query({ from: ours.from, speed: span / 1000 })}`,
        { headers: authHeaders() },
      );
      const appended = await createRecord(t.baseUrl, recordBody({ source: x, target: y }));
      const text = await response.text();
      const lines = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as EventBody);
      expect(keys(lines)).toEqual(keys(before.lines));
      expect(lines.map((e) => e.position)).not.toContain(appended.position);
      // A new replay sees it.
      expect(keys((await ndjson(t.baseUrl, { actor: x })).lines)).toEqual([
        `actor-${x}:0`,
        `${appended.stream}:${appended.revision}`,
      ]);
    });

    it('paces by recorded time: speed slows the replay by the recorded gaps divided by it', async () => {
      const { lines } = await ndjson(t.baseUrl, { ...ours, dyad: `${p.a}~${p.b}` });
      const times = lines.map((e) => Date.parse(e.recordedAt));
      const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
      expect(span).toBeGreaterThan(0);
      // Chosen so the recorded span plays in 1.5 s; no gap reaches the 5 s cap.
      const speed = span / 1500;
      const expectedMs = times
        .slice(1)
        .reduce((sum, time, i) => sum + Math.min((time - (times[i] ?? time)) / speed, 5000), 0);
      const started = performance.now();
      const paced = await ndjson(t.baseUrl, { ...ours, dyad: `${p.a}~${p.b}`, speed });
      const elapsed = performance.now() - started;
      expect(paced.lines).toEqual(lines);
      expect(elapsed).toBeGreaterThanOrEqual(0.8 * expectedMs);
    });
  });

  describe('GET /replay as server-sent events', () => {
    it.each([
      ['format=sse', { format: 'sse' }, {}],
      ['Accept: text/event-stream', {}, { accept: 'text/event-stream' }],
    ])(
      'sends each event with its position as id, then an end event (%s)',
      async (_how, params, headers) => {
        const url = `${t.baseUrl}/replay${query({ ...ours, ...params })}`;
        const { response, messages } = await eventStream(url, headers);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
        expect(response.headers.get('cache-control')).toBe('no-cache');
        const events = messages.slice(0, -1);
        const end = messages.at(-1);
        expect(events.map((m) => m.id)).toEqual(all.map((e) => e.position));
        // Unnamed, so that a plain EventSource's onmessage sees them: the type is in data.
        expect(events.map((m) => m.event)).toEqual(all.map(() => undefined));
        expect(events.map((m) => JSON.parse(m.data) as EventBody)).toEqual(all);
        const ids = events.map((m) => m.id ?? '');
        expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? ''))).toBe(true);
        expect(end?.event).toBe('end');
        expect(JSON.parse(end?.data ?? '{}')).toEqual({
          count: all.length,
          through: all.at(-1)?.position,
        });
      },
    );

    it('names each event by its type with events=named, for addEventListener', async () => {
      const { messages } = await eventStream(
        `${t.baseUrl}/replay${query({ ...ours, format: 'sse', events: 'named' })}`,
      );
      expect(messages.map((m) => m.event)).toEqual([...all.map((e) => e.type), 'end']);
    });

    it('flushes each event as it is sent, and stops when the client goes away', async () => {
      const service = t.app.get(ReplayService);
      const open = service.open.bind(service);
      const signals: AbortSignal[] = [];
      const spy = jest.spyOn(service, 'open').mockImplementation((request, signal) => {
        if (signal) signals.push(signal);
        return open(request, signal);
      });
      try {
        // So slow that every gap is the 5 s cap: the first event can only arrive in time
        // if it is flushed on its own, long before the replay would end. (node:http rather
        // than fetch: undici, aborted mid-body, opens a spare connection that holds the
        // server's close.)
        const url = `${t.baseUrl}/replay${query({ ...ours, format: 'sse', speed: 0.000001 })}`;
        const first = await new Promise<EventSourceMessage>((resolve, reject) => {
          const request = get(url, { headers: authHeaders() }, (response) => {
            const parser = createParser({
              onEvent: (message) => {
                resolve(message);
                request.destroy();
              },
            });
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => parser.feed(chunk));
          });
          request.on('error', (error) => {
            if (!request.destroyed) reject(error);
          });
        });
        expect(first.id).toBe(all[0]?.position);
        await pollUntil(
          () => (signals[0]?.aborted ? true : undefined),
          'the replay to see the client go',
        );
      } finally {
        spy.mockRestore();
      }
    });

    it('resumes after Last-Event-ID, as a reconnecting EventSource asks', async () => {
      const { messages } = await eventStream(
        `${t.baseUrl}/replay${query({ format: 'sse', actor: p.b, to: ours.to })}`,
        { 'last-event-id': all[4]?.position ?? '' },
      );
      const expected = all.slice(5).filter((e) => e.stream.includes(p.b));
      expect(messages.slice(0, -1).map((m) => m.id)).toEqual(expected.map((e) => e.position));
      expect(expected.length).toBeGreaterThan(0);
    });

    it('ends a filtered replay with the count and the position it read through', async () => {
      const { messages } = await eventStream(
        `${t.baseUrl}/replay${query({ format: 'sse', dyad: `${p.b}~${p.c}`, from: ours.from, to: all[7]?.position })}`,
      );
      expect(messages.map((m) => m.event)).toEqual([undefined, 'end']);
      expect((JSON.parse(messages[0]?.data ?? '') as EventBody).type).toBe('StatementRecorded');
      expect(messages[1]?.id).toBe(all[7]?.position);
      expect(JSON.parse(messages[1]?.data ?? '')).toEqual({ count: 1, through: all[7]?.position });
    });
  });

  describe('GET /replay refuses bad parameters', () => {
    it.each<[string, string, Record<string, string>?]>([
      ['from', '?from=42'],
      ['to', '?to=not-a-position'],
      ['recordedFrom', '?recordedFrom=yesterday'],
      ['recordedTo', '?recordedTo=2025-03-30T14:00:00'],
      ['speed', '?speed=0'],
      ['speed', '?speed=-60'],
      ['speed', '?speed=fast'],
      ['format', '?format=xml'],
      ['limit', '?limit=0'],
      ['dyad', '?dyad=donald-trump'],
      ['actor', '?actor=Donald%20Trump'],
      ['stream', '?stream=actor-a&stream=actor-b'],
      ['category', '?category=dyad-'],
      ['colour', '?colour=red'],
      ['to', `?from=${'0'.repeat(31)}9&to=${'0'.repeat(31)}1`],
      ['recordedTo', '?recordedFrom=2025-02-01&recordedTo=2025-01-01'],
      ['events', '?format=sse&events=typed'],
      ['Last-Event-ID', '?format=sse', { 'last-event-id': '7' }],
    ])('answers 400 naming %s (%s)', async (field, search, headers = {}) => {
      expectFieldProblem(await api(t.baseUrl).get(`/replay${search}`, { headers }), field);
    });
  });
});

describe('parley replay (the CLI)', () => {
  let dir: string;
  let dbFile: string;
  let p: Population;
  const http: Record<string, string> = {};
  const params = (p: Population): Record<string, Record<string, string>> => ({
    all: {},
    actor: { actor: p.a },
    dyadAndType: { dyad: `${p.a}~${p.b}`, type: 'RecordCorrected,ThreatIssued' },
  });

  beforeAll(async () => {
    const t = await startTestApp();
    try {
      p = await populate(t.baseUrl);
      for (const [name, query] of Object.entries(params(p)))
        http[name] = (await ndjson(t.baseUrl, query)).text;
    } finally {
      await t.close({ keepFiles: true });
    }
    ({ dir, dbFile } = t);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function replay(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [PARLEY_BIN, 'replay', ...args], {
      env: { ...process.env, PARLEY_DB: dbFile, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('writes the same NDJSON lines as GET /replay, and exits 0', () => {
    const all = replay([]);
    expect(all.stderr).toBe('');
    expect(all.status).toBe(0);
    expect(all.stdout).toBe(http.all);
    expect(all.stdout.trim().split('\n')).toHaveLength(p.written.length);
    const actor = replay(['--actor', p.a]);
    expect(actor.status).toBe(0);
    expect(actor.stdout).toBe(http.actor);
    const dyadAndType = replay([
      '--dyad',
      `${p.a}~${p.b}`,
      '--type',
      'RecordCorrected,ThreatIssued',
    ]);
    expect(dyadAndType.status).toBe(0);
    expect(dyadAndType.stdout).toBe(http.dyadAndType);
    expect(dyadAndType.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('takes the position and recorded-time ranges and speed as the HTTP parameters', () => {
    const lines = (http.all ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as EventBody);
    const result = replay([
      '--from',
      lines[1]?.position ?? '',
      '--to',
      lines[7]?.position ?? '',
      '--recorded-from',
      lines[3]?.recordedAt ?? '',
      '--recorded-to',
      lines[6]?.recordedAt ?? '',
      '--speed',
      '1000000',
    ]);
    expect(result.status).toBe(0);
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as EventBody).position),
    ).toEqual(lines.slice(3, 6).map((e) => e.position));
  });

  it('refuses a bad option, naming it, and writes nothing', () => {
    // A usage error: 2, as every refusal of the command line (1 is for failures at run time).
    const bad = replay(['--recorded-from', 'last tuesday', '--speed', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--recorded-from/);
    expect(bad.stderr).toMatch(/--speed/);
    const twice = replay(['--actor', p.a, '--actor', p.b]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/--actor/);
  });
});
