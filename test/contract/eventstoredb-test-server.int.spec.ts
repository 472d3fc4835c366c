import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  binaryEvent,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendResult,
  type EventData,
  type Position,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  startEventStoreDbTestServer,
  type EventStoreDbTestServer,
} from '../support/eventstoredb/test-server';

/**
 * The EventStoreDB test server (test/support/eventstoredb), driven only through the real
 * `@kurrent/kurrentdb-client` over real gRPC: each test states an EventStoreDB behaviour the
 * adapter relies on, as the client surfaces it. Tests share one server and one client,
 * so each writes to streams of its own and looks at `$all` through its own prefix.
 */

/** A bound on every wait for something the server owes, so a bug fails instead of hanging. */
const WAIT_MS = 5_000;

let server: EventStoreDbTestServer;
let client: KurrentDBClient;

beforeAll(async () => {
  server = await startEventStoreDbTestServer();
  client = KurrentDBClient.connectionString(server.connectionString);
});

afterAll(async () => {
  await client.dispose();
  await server.close();
});

const uniquePrefix = (): string => `t${randomUUID().replace(/-/g, '')}-`;

function events(count: number, type = 'Tested'): EventData[] {
  return Array.from({ length: count }, (_, index) => jsonEvent({ type, data: { index } }));
}

async function collect<E>(read: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const event of read) out.push(event);
  return out;
}

function revisionsOf(resolved: readonly ResolvedEvent[]): bigint[] {
  return resolved.map(({ event }) => {
    if (!event) throw new Error('a resolved event without its event');
    return event.revision;
  });
}

function positionOf(resolved: ResolvedEvent | undefined): Position {
  const position = resolved?.event?.position;
  if (!position) throw new Error('an event without a position');
  return position;
}

function requirePosition(result: AppendResult): Position {
  if (!result.position) throw new Error('an append without a position');
  return result.position;
}

/** What a subscription has delivered so far, and a bounded wait for more. */
class Recorder<E> {
  readonly items: E[] = [];
  readonly checkpoints: Position[] = [];
  error: Error | undefined;
  ended = false;
  caughtUp = false;
  private readonly waiters = new Set<() => void>();

  constructor(stream: NodeJS.EventEmitter) {
    stream.on('data', (item: E) => this.record(() => this.items.push(item)));
    stream.on('error', (error: Error) => this.record(() => (this.error = error)));
    stream.on('end', () => this.record(() => (this.ended = true)));
    stream.on('close', () => this.record(() => (this.ended = true)));
    stream.on('caughtUp', () => this.record(() => (this.caughtUp = true)));
  }

  checkpoint(position: Position): void {
    this.record(() => this.checkpoints.push(position));
  }

  /** Resolves once `condition` holds; rejects with `what` after WAIT_MS. */
  until(condition: () => boolean, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`));
      }, WAIT_MS);
      this.waiters.add(check);
    });
  }

  private record(change: () => unknown): void {
    change();
    for (const waiter of [...this.waiters]) waiter();
  }
}

function eventsIn(items: readonly ResolvedEvent[], prefix: string): ResolvedEvent[] {
  return items.filter(({ event }) => event?.streamId.startsWith(prefix));
}

describe('server features', () => {
  it('advertises BatchAppend, so the client appends through it', async () => {
    const before = server.callCounts();
    await client.appendToStream(`${uniquePrefix()}features`, events(1));
    const after = server.callCounts();
    expect(after.getSupportedMethods).toBeGreaterThanOrEqual(1);
    expect(after.append).toBe(before.append);
    expect(after.batchAppend + after.append).toBeGreaterThanOrEqual(1);
    expect(after.batchAppend).toBeGreaterThanOrEqual(1);
  });

  it('answers UNIMPLEMENTED for what it does not serve (Delete)', async () => {
    await expect(client.deleteStream(`${uniquePrefix()}deleted`)).rejects.toThrow(/UNIMPLEMENTED/);
  });
});

describe('appendToStream', () => {
  it('appends to a new stream with no_stream, then at the exact revision', async () => {
    const stream = `${uniquePrefix()}order`;
    const first = await client.appendToStream(stream, events(2), { streamState: NO_STREAM });
    expect(first.success).toBe(true);
    expect(first.nextExpectedRevision).toBe(1n);
    const second = await client.appendToStream(stream, events(1), { streamState: 1n });
    expect(second.nextExpectedRevision).toBe(2n);

    // Positions are log offsets: strictly increasing, commit = prepare, never the ordinal.
    const firstPosition = requirePosition(first);
    const secondPosition = requirePosition(second);
    expect(firstPosition.commit).toBe(firstPosition.prepare);
    expect(secondPosition.commit).toBeGreaterThan(firstPosition.commit);
    const read = await collect(client.readStream(stream));
    expect(read.map(positionOf)).toEqual([expect.anything(), firstPosition, secondPosition]);
    expect(positionOf(read[0]).commit).toBeLessThan(firstPosition.commit);
    expect(read.map(({ event }) => event?.position?.commit)).not.toEqual([0n, 1n, 2n]);
  });

  it('raises WrongExpectedVersionError with the expected and actual versions', async () => {
    const stream = `${uniquePrefix()}order`;
    await client.appendToStream(stream, events(2), { streamState: NO_STREAM });

    const exact = client.appendToStream(stream, events(1), { streamState: 5n });
    await expect(exact).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(exact).rejects.toMatchObject({
      streamName: stream,
      expectedState: 5n,
      actualState: 1n,
    });

    await expect(
      client.appendToStream(stream, events(1), { streamState: NO_STREAM }),
    ).rejects.toMatchObject({ expectedState: NO_STREAM, actualState: 1n });

    await expect(
      client.appendToStream(`${uniquePrefix()}missing`, events(1), {
        streamState: STREAM_EXISTS,
      }),
    ).rejects.toMatchObject({ expectedState: STREAM_EXISTS, actualState: NO_STREAM });

    await expect(
      client.appendToStream(`${uniquePrefix()}missing`, events(1), { streamState: 0n }),
    ).rejects.toMatchObject({ expectedState: 0n, actualState: NO_STREAM });

    // Nothing was written by the refused appends.
    expect(await collect(client.readStream(stream))).toHaveLength(2);
  });

  it('appends with stream_exists and any', async () => {
    const stream = `${uniquePrefix()}order`;
    expect(
      (await client.appendToStream(stream, events(1), { streamState: ANY })).nextExpectedRevision,
    ).toBe(0n);
    expect(
      (await client.appendToStream(stream, events(2), { streamState: STREAM_EXISTS }))
        .nextExpectedRevision,
    ).toBe(2n);
    expect((await client.appendToStream(stream, events(1))).nextExpectedRevision).toBe(3n);
  });

  it('treats a retry with the same event ids at the same expected revision as done', async () => {
    const stream = `${uniquePrefix()}order`;
    await client.appendToStream(stream, events(1), { streamState: NO_STREAM });
    const batch = events(2);
    const first = await client.appendToStream(stream, batch, { streamState: 0n });
    const retry = await client.appendToStream(stream, batch, { streamState: 0n });
    expect(retry).toEqual(first);

    // With `any`, a retry of the stream's last batch is recognised too.
    const last = events(2);
    const appended = await client.appendToStream(stream, last, { streamState: ANY });
    expect(await client.appendToStream(stream, last, { streamState: ANY })).toEqual(appended);

    // A retry of events of which only some were written is a conflict, not a retry.
    const [writtenOnce] = last;
    if (!writtenOnce) throw new Error('no event');
    await expect(
      client.appendToStream(stream, [writtenOnce, ...events(1)], { streamState: 2n }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);

    expect(revisionsOf(await collect(client.readStream(stream)))).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('serves the unary Append too (the client uses it when a call carries credentials)', async () => {
    const stream = `${uniquePrefix()}order`;
    const credentials = { username: 'admin', password: 'changeit' };
    const before = server.callCounts().append;
    const batch = events(2);
    const first = await client.appendToStream(stream, batch, {
      streamState: NO_STREAM,
      credentials,
    });
    expect(first.nextExpectedRevision).toBe(1n);
    expect(server.callCounts().append).toBe(before + 1);
    expect(
      await client.appendToStream(stream, batch, { streamState: NO_STREAM, credentials }),
    ).toEqual(first);
    await expect(
      client.appendToStream(stream, events(1), { streamState: 7n, credentials }),
    ).rejects.toMatchObject({ expectedState: 7n, actualState: 1n });
    await expect(
      client.appendToStream(stream, events(1), { streamState: NO_STREAM, credentials }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('round-trips data, metadata, type, content type and the recorded time', async () => {
    const stream = `${uniquePrefix()}order`;
    const before = Date.now();
    const correlationId = randomUUID();
    const json = jsonEvent({
      id: randomUUID(),
      type: 'OrderPlaced',
      data: { total: 12.5, lines: ['a', 'b'], note: 'déjà vu' },
      metadata: { $correlationId: correlationId, $causationId: correlationId, schemaVersion: 2 },
    });
    const bytes = binaryEvent({
      type: 'Blob',
      data: Uint8Array.from([0, 1, 2, 255]),
      metadata: Uint8Array.from([9, 8]),
    });
    await client.appendToStream(stream, [json, bytes]);

    const [readJson, readBytes] = await collect(client.readStream(stream));
    expect(readJson?.event).toMatchObject({
      streamId: stream,
      id: json.id,
      revision: 0n,
      type: 'OrderPlaced',
      isJson: true,
      data: { total: 12.5, lines: ['a', 'b'], note: 'déjà vu' },
      metadata: { $correlationId: correlationId, $causationId: correlationId, schemaVersion: 2 },
    });
    const created = readJson?.event?.created;
    expect(created).toBeInstanceOf(Date);
    // Reads go through the client's Rust bridge, which hands `created` over in whole
    // seconds; subscriptions (grpc-js) keep the milliseconds the server sends.
    expect(created?.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(created?.getTime()).toBeLessThanOrEqual(Date.now() + 1);
    expect(readBytes?.event).toMatchObject({ type: 'Blob', isJson: false, revision: 1n });
    expect(Array.from(readBytes?.event?.data as Uint8Array)).toEqual([0, 1, 2, 255]);
    expect(Array.from(readBytes?.event?.metadata as Uint8Array)).toEqual([9, 8]);
  });
});

describe('readStream', () => {
  const stream = `${uniquePrefix()}history`;

  beforeAll(async () => {
    await client.appendToStream(stream, events(5), { streamState: NO_STREAM });
  });

  it('reads forwards, from a revision (inclusive), with a max count', async () => {
    expect(revisionsOf(await collect(client.readStream(stream)))).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(revisionsOf(await collect(client.readStream(stream, { fromRevision: 2n })))).toEqual([
      2n,
      3n,
      4n,
    ]);
    expect(
      revisionsOf(await collect(client.readStream(stream, { fromRevision: 1n, maxCount: 2 }))),
    ).toEqual([1n, 2n]);
    expect(await collect(client.readStream(stream, { fromRevision: 9n }))).toEqual([]);
  });

  it('reads backwards from the end or from a revision (inclusive)', async () => {
    expect(
      revisionsOf(
        await collect(client.readStream(stream, { direction: BACKWARDS, fromRevision: END })),
      ),
    ).toEqual([4n, 3n, 2n, 1n, 0n]);
    expect(
      revisionsOf(
        await collect(
          client.readStream(stream, { direction: BACKWARDS, fromRevision: 3n, maxCount: 2 }),
        ),
      ),
    ).toEqual([3n, 2n]);
    expect(
      revisionsOf(
        await collect(
          client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
        ),
      ),
    ).toEqual([4n]);
  });

  it('raises StreamNotFoundError for a stream with no events', async () => {
    const missing = `${uniquePrefix()}missing`;
    const read = collect(client.readStream(missing));
    await expect(read).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(read).rejects.toMatchObject({ streamName: missing });
  });
});

describe('readAll', () => {
  const prefix = uniquePrefix();
  let mine: AllStreamResolvedEvent[] = [];

  beforeAll(async () => {
    await client.appendToStream(`${prefix}a`, events(2));
    await client.appendToStream(`${prefix}b`, events(2));
    await client.appendToStream(`${prefix}a`, events(1));
    mine = (await collect(client.readAll())).filter(({ event }) =>
      event?.streamId.startsWith(prefix),
    );
  });

  it('reads the log forwards in append order', () => {
    expect(
      mine.map(({ event }) => `${event?.streamId.slice(prefix.length)}@${event?.revision}`),
    ).toEqual(['a@0', 'a@1', 'b@0', 'b@1', 'a@2']);
    const commits = mine.map((resolved) => positionOf(resolved).commit);
    expect([...commits].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(commits);
    expect(new Set(commits).size).toBe(commits.length);
    for (const resolved of mine) expect(resolved.commitPosition).toBe(positionOf(resolved).commit);
  });

  it('reads forwards from a position inclusively, with a max count', async () => {
    const from = positionOf(mine[2]);
    const read = await collect(client.readAll({ fromPosition: from, maxCount: 2 }));
    expect(read.map(positionOf)).toEqual([positionOf(mine[2]), positionOf(mine[3])]);
  });

  it('reads backwards from the end, and from a position exclusively', async () => {
    const [last] = await collect(
      client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }),
    );
    expect(positionOf(last)).toEqual(positionOf(mine[4]));
    const before = await collect(
      client.readAll({ direction: BACKWARDS, fromPosition: positionOf(mine[2]), maxCount: 2 }),
    );
    expect(before.map(positionOf)).toEqual([positionOf(mine[1]), positionOf(mine[0])]);
  });
});

describe('subscribeToAll', () => {
  it('catches up after fromPosition (exclusive), then goes live, with no gap and no repeat', async () => {
    const prefix = uniquePrefix();
    const first = await client.appendToStream(`${prefix}a`, events(2));
    await client.appendToStream(`${prefix}b`, events(1));
    const subscription = client.subscribeToAll({
      fromPosition: requirePosition(first),
      filter: streamNameFilter({ prefixes: [prefix] }),
    });
    const recorder = new Recorder<AllStreamResolvedEvent>(subscription);
    try {
      await recorder.until(() => recorder.caughtUp, 'the end of the catch-up');
      expect(recorder.items.map(({ event }) => event?.streamId)).toEqual([`${prefix}b`]);

      await client.appendToStream(`${prefix}a`, events(2));
      await client.appendToStream(`${uniquePrefix()}other`, events(1));
      await client.appendToStream(`${prefix}c`, events(1));
      await recorder.until(() => recorder.items.length === 4, 'the live events');
      expect(recorder.items.map(({ event }) => `${event?.streamId}@${event?.revision}`)).toEqual([
        `${prefix}b@0`,
        `${prefix}a@2`,
        `${prefix}a@3`,
        `${prefix}c@0`,
      ]);
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('starts at the beginning of the log by default and at its end from END', async () => {
    const prefix = uniquePrefix();
    await client.appendToStream(`${prefix}old`, events(1));
    const fromStart = client.subscribeToAll();
    const fromEnd = client.subscribeToAll({ fromPosition: END });
    const all = new Recorder<AllStreamResolvedEvent>(fromStart);
    const live = new Recorder<AllStreamResolvedEvent>(fromEnd);
    try {
      await all.until(() => all.caughtUp, 'the catch-up from the start');
      await live.until(() => live.caughtUp, 'the catch-up from the end');
      expect(eventsIn(all.items, prefix)).toHaveLength(1);
      expect(live.items).toEqual([]);
      await client.appendToStream(`${prefix}new`, events(1));
      await live.until(() => eventsIn(live.items, prefix).length === 1, 'the live event');
      await all.until(() => eventsIn(all.items, prefix).length === 2, 'the live event');
    } finally {
      await fromStart.unsubscribe();
      await fromEnd.unsubscribe();
    }
  });

  it('filters by event type prefix and sends checkpoints every interval × window events scanned', async () => {
    const prefix = uniquePrefix();
    const head = await client.appendToStream(`${prefix}head`, events(1));
    const subscription = client.subscribeToAll({
      fromPosition: requirePosition(head),
      filter: eventTypeFilter({
        prefixes: [`${prefix}Wanted`],
        maxSearchWindow: 2,
        checkpointInterval: 3,
        checkpointReached: (_subscription, position) => seen.checkpoint(position),
      }),
    });
    const seen = new Recorder<AllStreamResolvedEvent>(subscription);
    try {
      await seen.until(() => seen.caughtUp, 'the end of the catch-up');
      // 12 events after the start: 2 wanted, 10 not. A checkpoint every 2 × 3 = 6 scanned.
      await client.appendToStream(`${prefix}x`, events(5, `${prefix}Unwanted`));
      const wanted = await client.appendToStream(`${prefix}x`, events(1, `${prefix}Wanted`));
      await client.appendToStream(`${prefix}y`, events(5, `${prefix}Unwanted`));
      const last = await client.appendToStream(`${prefix}y`, events(1, `${prefix}Wanted`));
      await seen.until(
        () => seen.checkpoints.length === 2 && seen.items.length === 2,
        'two checkpoints and two events',
      );
      expect(seen.items.map(({ event }) => event?.type)).toEqual([
        `${prefix}Wanted`,
        `${prefix}Wanted`,
      ]);
      // The 6th and the 12th event scanned (the wanted ones, as it happens): resuming from
      // a checkpoint neither skips nor repeats an event.
      expect(seen.checkpoints).toEqual([requirePosition(wanted), requirePosition(last)]);
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('filters by stream name prefix during the catch-up too, with a checkpoint per window by default', async () => {
    const prefix = uniquePrefix();
    const head = await client.appendToStream(`${prefix}head`, events(1));
    const noise = `${uniquePrefix()}noise`;
    await client.appendToStream(noise, events(40));
    await client.appendToStream(`${prefix}kept`, events(1));
    const [thirtySecond] = await collect(
      client.readStream(noise, { fromRevision: 31n, maxCount: 1 }),
    );
    const subscription = client.subscribeToAll({
      fromPosition: requirePosition(head),
      filter: streamNameFilter({
        prefixes: [`${prefix}kept`],
        checkpointReached: (_subscription, position) => seen.checkpoint(position),
      }),
    });
    const seen = new Recorder<AllStreamResolvedEvent>(subscription);
    try {
      await seen.until(() => seen.caughtUp, 'the end of the catch-up');
      expect(seen.items.map(({ event }) => event?.streamId)).toEqual([`${prefix}kept`]);
      // 41 events scanned, the default window is 32: one checkpoint, at the 32nd.
      expect(seen.checkpoints).toEqual([positionOf(thirtySecond)]);
    } finally {
      await subscription.unsubscribe();
    }
  });
});

describe('subscribeToStream', () => {
  it('catches up after fromRevision (exclusive), then goes live', async () => {
    const stream = `${uniquePrefix()}order`;
    await client.appendToStream(stream, events(3));
    const subscription = client.subscribeToStream(stream, { fromRevision: 0n });
    const recorder = new Recorder<ResolvedEvent>(subscription);
    try {
      await recorder.until(() => recorder.caughtUp, 'the end of the catch-up');
      expect(revisionsOf(recorder.items)).toEqual([1n, 2n]);
      await client.appendToStream(`${uniquePrefix()}other`, events(1));
      await client.appendToStream(stream, events(2));
      await recorder.until(() => recorder.items.length === 4, 'the live events');
      expect(revisionsOf(recorder.items)).toEqual([1n, 2n, 3n, 4n]);
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('waits for a stream that does not exist yet, and can start from its end', async () => {
    const stream = `${uniquePrefix()}later`;
    const fromStart = client.subscribeToStream(stream, { fromRevision: START });
    const fromEnd = client.subscribeToStream(stream, { fromRevision: END });
    const all = new Recorder<ResolvedEvent>(fromStart);
    const live = new Recorder<ResolvedEvent>(fromEnd);
    try {
      await all.until(() => all.caughtUp, 'the catch-up of an empty stream');
      await live.until(() => live.caughtUp, 'the catch-up from the end');
      await client.appendToStream(stream, events(2), { streamState: NO_STREAM });
      await all.until(() => all.items.length === 2, 'the first events');
      await live.until(() => live.items.length === 2, 'the first events');
      expect(revisionsOf(all.items)).toEqual([0n, 1n]);
      expect(revisionsOf(live.items)).toEqual([0n, 1n]);
      expect(all.error).toBeUndefined();
    } finally {
      await fromStart.unsubscribe();
      await fromEnd.unsubscribe();
    }
  });
});

describe('dropConnections', () => {
  it('ends open subscriptions with UNAVAILABLE; the same client then reconnects', async () => {
    const stream = `${uniquePrefix()}order`;
    await client.appendToStream(stream, events(1));
    const subscription = client.subscribeToStream(stream);
    const dropped = new Recorder<ResolvedEvent>(subscription);
    await dropped.until(() => dropped.caughtUp, 'the subscription to start');

    await server.dropConnections();
    await dropped.until(() => dropped.error !== undefined, 'the subscription to fail');
    expect(dropped.error).toBeInstanceOf(UnavailableError);

    // The next calls reconnect to the same address, and the log is still there.
    const appended = await client.appendToStream(stream, events(1), { streamState: 0n });
    expect(appended.nextExpectedRevision).toBe(1n);
    const resumed = client.subscribeToStream(stream, { fromRevision: 0n });
    const recorder = new Recorder<ResolvedEvent>(resumed);
    try {
      await recorder.until(() => recorder.items.length === 1, 'the resumed subscription');
      await client.appendToStream(stream, events(1));
      await recorder.until(() => recorder.items.length === 2, 'a live event after the drop');
      expect(revisionsOf(recorder.items)).toEqual([1n, 2n]);
    } finally {
      await resumed.unsubscribe();
    }
  });

  it('cuts the batch-append call too: an append racing the drop may fail with UNAVAILABLE, its retry succeeds', async () => {
    const stream = `${uniquePrefix()}order`;
    await client.appendToStream(stream, events(1));
    const calls = server.callCounts().batchAppend;
    await server.dropConnections();
    // The client may not have seen the drop yet and send this on the dead call.
    const batch = events(1);
    const append = (): Promise<AppendResult> =>
      client.appendToStream(stream, batch, { streamState: 0n });
    const raced = await append().catch((error: unknown) => error);
    if (raced instanceof Error) expect(raced).toBeInstanceOf(UnavailableError);
    // Same ids, same expected revision: written once, whichever attempt got through.
    const retried = await append();
    expect(retried.nextExpectedRevision).toBe(1n);
    expect(server.callCounts().batchAppend).toBe(calls + 1);
    expect(revisionsOf(await collect(client.readStream(stream)))).toEqual([0n, 1n]);
  });
});

describe('reset', () => {
  /** Runs `test` against a server and client of its own, so that resetting spares the others. */
  async function withOwnServer(
    test: (own: EventStoreDbTestServer, ownClient: KurrentDBClient) => Promise<void>,
  ): Promise<void> {
    const own = await startEventStoreDbTestServer();
    const ownClient = KurrentDBClient.connectionString(own.connectionString);
    try {
      await test(own, ownClient);
    } finally {
      await ownClient.dispose();
      await own.close();
    }
  }

  it('forgets every event and keeps positions growing', () =>
    withOwnServer(async (own, ownClient) => {
      const stream = `${uniquePrefix()}order`;
      const before = await ownClient.appendToStream(stream, events(2));
      own.reset();
      await expect(collect(ownClient.readStream(stream))).rejects.toBeInstanceOf(
        StreamNotFoundError,
      );
      expect(await collect(ownClient.readAll())).toEqual([]);
      const after = await ownClient.appendToStream(stream, events(1), {
        streamState: NO_STREAM,
      });
      expect(after.nextExpectedRevision).toBe(0n);
      expect(requirePosition(after).commit).toBeGreaterThan(requirePosition(before).commit);
    }));

  it('keeps open subscriptions open: they see what is appended after it', () =>
    withOwnServer(async (own, ownClient) => {
      const stream = `${uniquePrefix()}order`;
      await ownClient.appendToStream(stream, events(2));
      const toAll = ownClient.subscribeToAll();
      const toStream = ownClient.subscribeToStream(stream, { fromRevision: 0n });
      const all = new Recorder<AllStreamResolvedEvent>(toAll);
      const one = new Recorder<ResolvedEvent>(toStream);
      try {
        await all.until(() => all.caughtUp, 'the catch-up of $all');
        await one.until(() => one.caughtUp, 'the catch-up of the stream');
        own.reset();
        await ownClient.appendToStream(stream, events(1), { streamState: NO_STREAM });
        await all.until(() => all.items.length === 3, 'the event appended after the reset');
        await one.until(() => one.items.length === 2, 'the event appended after the reset');
        expect(revisionsOf(all.items)).toEqual([0n, 1n, 0n]);
        expect(revisionsOf(one.items)).toEqual([1n, 0n]);
      } finally {
        await toAll.unsubscribe();
        await toStream.unsubscribe();
      }
    }));
});
