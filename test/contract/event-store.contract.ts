import { randomUUID } from 'node:crypto';
import { WrongExpectedVersion } from '../../src/event-store/event-store.errors';
import type {
  EventMetadata,
  EventStore,
  ExpectedRevision,
  LogFilter,
  NewEvent,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../../src/event-store/event-store.port';
import { comparePositions, type Position } from '../../src/event-store/position';

/** One adapter, opened for the suite, and how to release it. */
export interface EventStoreUnderTest {
  readonly store: EventStore;
  dispose(): Promise<void>;
}

export type EventStoreFactory = () => Promise<EventStoreUnderTest>;

/**
 * How long a test waits for something the store owes it (a live event, the end of a
 * subscription). A bound so that a broken store fails with a message instead of
 * hanging; generous so that a slow machine or a remote server does not make it flaky.
 */
const WAIT_MS = 10_000;
/** Jest's timeout for the tests that wait on subscriptions; above WAIT_MS so our message wins. */
const SUBSCRIPTION_TEST_MS = 30_000;

/**
 * The EventStore port's contract (see `event-store.port.ts` and DESIGN.md), run by one
 * thin spec per adapter. The store is opened once per file and shared, exactly as a
 * test EventStoreDB server is: the global log holds other tests' events, so every test
 * writes to its own random streams and looks at the log only through its own prefix
 * (or its own event types). Assertions stick to what EventStoreDB also promises:
 * positions are compared, never computed; recorded times are parsed, never matched.
 */
export function describeEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let underTest: EventStoreUnderTest | undefined;
    const store = (): EventStore => {
      if (!underTest) throw new Error('the store under test was not opened');
      return underTest.store;
    };

    beforeAll(async () => {
      underTest = await factory();
    });

    afterAll(async () => {
      await underTest?.dispose();
    });

    // Someone else always writes to the shared log between our tests, so no test can
    // get away with assuming the log holds only its own events.
    beforeEach(async () => {
      await store().append(streamIn(uniquePrefix(), 'neighbour'), [newEvent()], 'any');
    });

    describe('append', () => {
      test('appends to a new stream with no_stream; revisions start at 0 and increase by one', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const events = [newEvent(), newEvent(), newEvent()];

        const result = await store().append(stream, events, 'no_stream');

        const recorded = await store().readStream(stream);
        expect(recorded.map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect(recorded.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(recorded.every((e) => e.stream === stream)).toBe(true);
        expect(result.nextExpectedRevision).toBe(2);
        expect(result.position).toBe(nth(recorded, -1).position);
      });

      test('appends to a new stream with any, and again to the existing stream with any', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const first = [newEvent(), newEvent()];
        const second = [newEvent()];

        const created = await store().append(stream, first, 'any');
        const extended = await store().append(stream, second, 'any');

        const recorded = await store().readStream(stream);
        expect(recorded.map((e) => e.id)).toEqual([...first, ...second].map((e) => e.id));
        expect(recorded.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(created.nextExpectedRevision).toBe(1);
        expect(created.position).toBe(nth(recorded, 1).position);
        expect(extended.nextExpectedRevision).toBe(2);
        expect(extended.position).toBe(nth(recorded, 2).position);
      });

      test("appends at the exact revision of the stream's last event", async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const [a, b, c, d] = [newEvent(), newEvent(), newEvent(), newEvent()];

        const first = await store().append(stream, [a], 'no_stream');
        const second = await store().append(stream, [b, c], first.nextExpectedRevision);
        const third = await store().append(stream, [d], second.nextExpectedRevision);

        expect([first, second, third].map((r) => r.nextExpectedRevision)).toEqual([0, 2, 3]);
        const recorded = await store().readStream(stream);
        expect(recorded.map((e) => e.id)).toEqual([a, b, c, d].map((e) => e.id));
        expect(recorded.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        expect(third.position).toBe(nth(recorded, 3).position);
      });

      test('appends with stream_exists to a stream that has events', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const [a, b] = [newEvent(), newEvent()];
        await store().append(stream, [a], 'no_stream');

        const result = await store().append(stream, [b], 'stream_exists');

        expect(result.nextExpectedRevision).toBe(1);
        const recorded = await store().readStream(stream);
        expect(recorded.map((e) => e.id)).toEqual([a.id, b.id]);
        expect(result.position).toBe(nth(recorded, 1).position);
      });

      test('each append lands later in the global log than the one before', async () => {
        const prefix = uniquePrefix();
        const first = await store().append(streamIn(prefix, 'a'), [newEvent()], 'no_stream');
        const second = await store().append(streamIn(prefix, 'b'), [newEvent()], 'no_stream');
        const third = await store().append(streamIn(prefix, 'a'), [newEvent()], 0);

        expect(comparePositions(first.position, second.position)).toBeLessThan(0);
        expect(comparePositions(second.position, third.position)).toBeLessThan(0);
      });
    });

    describe('append: WrongExpectedVersion', () => {
      test('no_stream on a stream that has events', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const existing = [newEvent(), newEvent()];
        await store().append(stream, existing, 'no_stream');

        await expectWrongExpectedVersion(store().append(stream, [newEvent()], 'no_stream'), {
          stream,
          expected: 'no_stream',
          actual: 1,
        });
        expect(await idsOf(store().readStream(stream))).toEqual(existing.map((e) => e.id));
      });

      test('stream_exists on a stream that has no events', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');

        await expectWrongExpectedVersion(store().append(stream, [newEvent()], 'stream_exists'), {
          stream,
          expected: 'stream_exists',
          actual: 'no_stream',
        });
        expect(await store().readStream(stream)).toEqual([]);
      });

      test('an exact revision on a stream that has no events', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');

        await expectWrongExpectedVersion(store().append(stream, [newEvent()], 0), {
          stream,
          expected: 0,
          actual: 'no_stream',
        });
        expect(await store().readStream(stream)).toEqual([]);
      });

      test('an exact revision behind the stream', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const existing = [newEvent(), newEvent(), newEvent()];
        await store().append(stream, existing, 'no_stream');

        await expectWrongExpectedVersion(store().append(stream, [newEvent(), newEvent()], 1), {
          stream,
          expected: 1,
          actual: 2,
        });
        expect(await idsOf(store().readStream(stream))).toEqual(existing.map((e) => e.id));
      });

      test('an exact revision ahead of the stream', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const existing = [newEvent(), newEvent()];
        await store().append(stream, existing, 'no_stream');

        await expectWrongExpectedVersion(store().append(stream, [newEvent()], 5), {
          stream,
          expected: 5,
          actual: 1,
        });
        expect(await idsOf(store().readStream(stream))).toEqual(existing.map((e) => e.id));
      });

      test('a rejected append leaves the stream appendable at its actual revision', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const [a, rejected, b] = [newEvent(), newEvent(), newEvent()];
        await store().append(stream, [a], 'no_stream');
        await expect(store().append(stream, [rejected], 3)).rejects.toBeInstanceOf(
          WrongExpectedVersion,
        );

        const result = await store().append(stream, [b], 0);

        expect(result.nextExpectedRevision).toBe(1);
        expect(await idsOf(store().readStream(stream))).toEqual([a.id, b.id]);
      });
    });

    describe('append: idempotence and atomicity', () => {
      test('retrying the same events at the same exact revision succeeds without duplicating them', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const a = newEvent();
        const batch = [newEvent(), newEvent()];
        await store().append(stream, [a], 'no_stream');
        const first = await store().append(stream, batch, 0);

        const retried = await store().append(stream, batch, 0);

        // An adapter may add that the repeat wrote nothing (alreadyAppended).
        expect(retried).toMatchObject(first);
        const recorded = await store().readStream(stream);
        expect(recorded.map((e) => e.id)).toEqual([a, ...batch].map((e) => e.id));
        expect(recorded.map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      test('retrying the same events with no_stream succeeds without duplicating them', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const batch = [newEvent(), newEvent()];
        const first = await store().append(stream, batch, 'no_stream');

        const retried = await store().append(stream, batch, 'no_stream');

        expect(retried).toMatchObject(first);
        expect(await idsOf(store().readStream(stream))).toEqual(batch.map((e) => e.id));
      });

      test('retrying the same events with any succeeds without duplicating them', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const a = newEvent();
        const batch = [newEvent(), newEvent()];
        await store().append(stream, [a], 'any');
        const first = await store().append(stream, batch, 'any');

        const retried = await store().append(stream, batch, 'any');

        expect(retried).toMatchObject(first);
        expect(await idsOf(store().readStream(stream))).toEqual([a, ...batch].map((e) => e.id));
      });

      test('the same events at an expected revision they were not appended at are rejected', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const batch = [newEvent(), newEvent()];
        await store().append(stream, batch, 'no_stream');

        await expectWrongExpectedVersion(store().append(stream, batch, 0), {
          stream,
          expected: 0,
          actual: 1,
        });
        await expectWrongExpectedVersion(store().append(stream, batch, 4), {
          stream,
          expected: 4,
          actual: 1,
        });
        const recorded = await store().readStream(stream);
        expect(recorded.map((e) => e.id)).toEqual(batch.map((e) => e.id));
        expect(recorded.map((e) => e.revision)).toEqual([0, 1]);
      });

      test('a batch that fails part-way writes none of its events', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const circular: Record<string, unknown> = { note: 'cannot be serialized' };
        circular['self'] = circular;
        const batch = [newEvent(), newEvent(), newEvent('ThreatIssued', circular)];

        await expect(attempt(() => store().append(stream, batch, 'no_stream'))).rejects.toThrow();

        expect(await store().readStream(stream)).toEqual([]);
        const retry = [newEvent(), newEvent()];
        const result = await store().append(stream, retry, 'no_stream');
        expect(result.nextExpectedRevision).toBe(1);
        expect(await idsOf(store().readStream(stream))).toEqual(retry.map((e) => e.id));
      });

      test('concurrent batches to one stream are never interleaved', async () => {
        const prefix = uniquePrefix();
        const stream = streamIn(prefix, 'dyad');
        const batches = Array.from({ length: 6 }, () => [newEvent(), newEvent(), newEvent()]);

        await Promise.all(batches.map((batch) => store().append(stream, batch, 'any')));

        const recorded = await store().readStream(stream);
        expect(recorded.map((e) => e.revision)).toEqual(range(18));
        const inLog = await store().readAll({ filter: byStreamPrefix(prefix) });
        for (const ids of [recorded.map((e) => e.id), inLog.map((e) => e.id)]) {
          const runs = chunks(ids, 3);
          expect(runs).toHaveLength(batches.length);
          expect(sortedRuns(runs)).toEqual(sortedRuns(batches.map((b) => b.map((e) => e.id))));
        }
      });
    });

    describe('append: concurrent writers', () => {
      test('of several appends at the same exact revision, exactly one succeeds', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const a = newEvent();
        await store().append(stream, [a], 'no_stream');
        const contenders = Array.from({ length: 8 }, () => [newEvent(), newEvent()]);

        const outcomes = await Promise.allSettled(
          contenders.map((events) => store().append(stream, events, 0)),
        );

        const winners = contenders.filter((_, i) => nth(outcomes, i).status === 'fulfilled');
        expect(winners).toHaveLength(1);
        const winner = nth(winners, 0);
        const winning = nth(outcomes, contenders.indexOf(winner));
        expect(winning.status === 'fulfilled' && winning.value.nextExpectedRevision).toBe(2);
        for (const outcome of outcomes) {
          if (outcome.status === 'fulfilled') continue;
          expect(outcome.reason).toBeInstanceOf(WrongExpectedVersion);
          expect(outcome.reason).toMatchObject({ stream, expected: 0, actual: 2 });
        }
        const recorded = await store().readStream(stream);
        expect(recorded.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(recorded.map((e) => e.id)).toEqual([a, ...winner].map((e) => e.id));
      });

      test('of several appends with no_stream to a new stream, exactly one succeeds', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const contenders = Array.from({ length: 8 }, () => newEvent());

        const outcomes = await Promise.allSettled(
          contenders.map((event) => store().append(stream, [event], 'no_stream')),
        );

        const winners = contenders.filter((_, i) => nth(outcomes, i).status === 'fulfilled');
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'fulfilled') continue;
          expect(outcome.reason).toBeInstanceOf(WrongExpectedVersion);
          expect(outcome.reason).toMatchObject({ stream, expected: 'no_stream', actual: 0 });
        }
        const recorded = await store().readStream(stream);
        expect(recorded.map((e) => e.revision)).toEqual([0]);
        expect(recorded.map((e) => e.id)).toEqual(winners.map((e) => e.id));
      });
    });

    describe('readStream', () => {
      test('reads forwards by default and backwards on request', async () => {
        const { stream, ids } = await streamOfFive(store());

        expect(await idsOf(store().readStream(stream))).toEqual(ids);
        expect(await idsOf(store().readStream(stream, { direction: 'forwards' }))).toEqual(ids);
        expect(await idsOf(store().readStream(stream, { direction: 'backwards' }))).toEqual(
          [...ids].reverse(),
        );
      });

      test('starts at fromRevision, inclusive, in either direction', async () => {
        const { stream, ids } = await streamOfFive(store());

        const forwards = await store().readStream(stream, { fromRevision: 2 });
        expect(forwards.map((e) => e.revision)).toEqual([2, 3, 4]);
        expect(forwards.map((e) => e.id)).toEqual(ids.slice(2));
        const backwards = await store().readStream(stream, {
          fromRevision: 2,
          direction: 'backwards',
        });
        expect(backwards.map((e) => e.revision)).toEqual([2, 1, 0]);
        expect(await store().readStream(stream, { fromRevision: 5 })).toEqual([]);
      });

      test('returns at most limit events', async () => {
        const { stream } = await streamOfFive(store());

        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store().readStream(stream, options)).map((e) => e.revision);
        expect(await revisions({ limit: 2 })).toEqual([0, 1]);
        expect(await revisions({ limit: 2, direction: 'backwards' })).toEqual([4, 3]);
        expect(await revisions({ fromRevision: 1, limit: 2 })).toEqual([1, 2]);
        expect(await revisions({ fromRevision: 3, limit: 2, direction: 'backwards' })).toEqual([
          3, 2,
        ]);
        expect(await revisions({ limit: 50 })).toEqual([0, 1, 2, 3, 4]);
      });

      test('a stream with no events reads as empty', async () => {
        const stream = streamIn(uniquePrefix(), 'never-written');

        expect(await store().readStream(stream)).toEqual([]);
        expect(await store().readStream(stream, { direction: 'backwards' })).toEqual([]);
        expect(await store().readStream(stream, { fromRevision: 3, limit: 2 })).toEqual([]);
      });

      test('a recorded event carries everything that was appended, and where and when it landed', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const data = {
          text: 'The ministry called the remarks “unacceptable” – and ‘regrettable’…',
          escapes: 'He said "no",\n\tthen \\ left',
          scripts: ['Ñuñoa', 'Москва', '北京', 'القاهرة', '🕊️ 𝒳'],
          nested: { level: { deeper: [1, -2.5, 0, null, true, false, { empty: {}, list: [] }] } },
          count: 42,
          empty: '',
          nothing: null,
        };
        const metadata: EventMetadata = {
          schemaVersion: 3,
          correlationId: randomUUID(),
          causationId: randomUUID(),
          principal: 'analyst:ana@example.org',
        };
        const rich = newEvent('ContractThreatTested', data, metadata);
        const plain = newEvent('ContractDenialTested', { actor: 'RUS' }, { schemaVersion: 1 });

        const result = await store().append(stream, [rich, plain], 'no_stream');

        const [first, second] = await store().readStream(stream);
        expect(first).toMatchObject({
          id: rich.id,
          type: 'ContractThreatTested',
          stream,
          revision: 0,
          data,
          metadata,
        });
        expect(first?.data).toEqual(data);
        expect(second).toMatchObject({
          id: plain.id,
          type: 'ContractDenialTested',
          stream,
          revision: 1,
          data: { actor: 'RUS' },
          metadata: { schemaVersion: 1 },
        });
        expect(second?.position).toBe(result.position);
        for (const event of [first, second]) {
          expect(typeof event?.position).toBe('string');
          expect(event?.recordedAt).toMatch(ISO_8601_UTC);
          expect(Number.isNaN(Date.parse(event?.recordedAt ?? ''))).toBe(false);
        }
        expect(comparePositions(defined(first).position, defined(second).position)).toBeLessThan(0);
      });
    });

    describe('readSubject', () => {
      const about = (subject: string | undefined): NewEvent => ({
        ...newEvent(),
        ...(subject === undefined ? {} : { subject }),
      });

      test("reads one subject's events in order, with the stream's revision, and keeps each event's subject", async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const [a1, b1, a2, b2] = [about('a'), about('b'), about('a'), about('b')];
        await store().append(stream, [a1, b1], 'no_stream');
        await store().append(stream, [a2, b2], 1);

        const read = await store().readSubject(stream, 'a');

        expect(ids(read.events)).toEqual(ids([a1, a2]));
        expect(read.events.map((e) => [e.revision, e.subject])).toEqual([
          [0, 'a'],
          [2, 'a'],
        ]);
        expect(read.revision).toBe(3);
        expect(ids((await store().readSubject(stream, ['b', 'a', 'b'])).events)).toEqual(
          ids([a1, b1, a2, b2]),
        );
        expect((await store().readStream(stream)).map((e) => e.subject)).toEqual([
          'a',
          'b',
          'a',
          'b',
        ]);
      });

      test('includes the events stored without a subject, and answers no_stream for a stream that has none', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        const [plain, other] = [about(undefined), about('b')];
        await store().append(stream, [plain, other], 'no_stream');

        expect(ids((await store().readSubject(stream, 'a')).events)).toEqual(ids([plain]));
        expect(await store().readSubject(streamIn(uniquePrefix(), 'dyad'), 'a')).toEqual({
          revision: 'no_stream',
          events: [],
        });
      });

      test('an append expecting the revision it read is refused once the stream moved on', async () => {
        const stream = streamIn(uniquePrefix(), 'dyad');
        await store().append(stream, [about('a')], 'no_stream');
        const read = await store().readSubject(stream, 'a');
        await store().append(stream, [about('b')], read.revision);

        await expect(store().append(stream, [about('a')], read.revision)).rejects.toBeInstanceOf(
          WrongExpectedVersion,
        );
      });
    });

    describe('readAll', () => {
      test('reads the log forwards in append order with strictly increasing positions', async () => {
        const { prefix, ids, before } = await interleavedLog(store());

        const forwards = await store().readAll({ filter: byStreamPrefix(prefix) });
        expect(forwards.map((e) => e.id)).toEqual(ids);
        expectStrictlyIncreasing(forwards.map((e) => e.position));
        // Unfiltered, our events are still in order among whatever else the log holds.
        const unfiltered = await store().readAll({ from: before });
        expectStrictlyIncreasing(unfiltered.map((e) => e.position));
        expect(unfiltered.filter((e) => ids.includes(e.id)).map((e) => e.id)).toEqual(ids);
      });

      test('reads the log backwards in reverse order', async () => {
        const { prefix, ids } = await interleavedLog(store());

        const backwards = await store().readAll({
          direction: 'backwards',
          filter: byStreamPrefix(prefix),
        });
        expect(backwards.map((e) => e.id)).toEqual([...ids].reverse());
        expectStrictlyIncreasing(backwards.map((e) => e.position).reverse());
        const unfiltered = await store().readAll({ direction: 'backwards', limit: 20 });
        expectStrictlyIncreasing(unfiltered.map((e) => e.position).reverse());
      });

      test('from is exclusive forwards and backwards', async () => {
        const { prefix, ids } = await interleavedLog(store());
        const filter = byStreamPrefix(prefix);
        const all = await store().readAll({ filter });

        const after = await store().readAll({ filter, from: nth(all, 1).position });
        expect(after.map((e) => e.id)).toEqual(ids.slice(2));
        const before = await store().readAll({
          filter,
          from: nth(all, 2).position,
          direction: 'backwards',
        });
        expect(before.map((e) => e.id)).toEqual([nth(ids, 1), nth(ids, 0)]);
        expect(await store().readAll({ filter, from: nth(all, -1).position })).toEqual([]);
        expect(
          await store().readAll({ filter, from: nth(all, 0).position, direction: 'backwards' }),
        ).toEqual([]);
      });

      test('from accepts the position an append returned', async () => {
        const prefix = uniquePrefix();
        const filter = byStreamPrefix(prefix);
        const first = await store().append(streamIn(prefix, 'a'), [newEvent()], 'no_stream');
        const later = [newEvent(), newEvent()];
        await store().append(streamIn(prefix, 'b'), later, 'no_stream');

        expect(await idsOf(store().readAll({ filter, from: first.position }))).toEqual(
          later.map((e) => e.id),
        );
      });

      test('returns at most limit events', async () => {
        const { prefix, ids } = await interleavedLog(store());
        const filter = byStreamPrefix(prefix);

        expect(await idsOf(store().readAll({ filter, limit: 2 }))).toEqual(ids.slice(0, 2));
        expect(await idsOf(store().readAll({ filter, limit: 2, direction: 'backwards' }))).toEqual([
          nth(ids, -1),
          nth(ids, -2),
        ]);
        const all = await store().readAll({ filter });
        expect(
          await idsOf(store().readAll({ filter, limit: 2, from: nth(all, 0).position })),
        ).toEqual(ids.slice(1, 3));
        expect(await store().readAll({ limit: 3 })).toHaveLength(3);
      });

      test('filters by several stream prefixes', async () => {
        const [p, q, r] = [uniquePrefix(), uniquePrefix(), uniquePrefix()];
        const appended: string[] = [];
        for (const stream of [
          streamIn(p, 'a'),
          streamIn(q, 'a'),
          streamIn(r, 'a'),
          streamIn(p, 'b'),
        ]) {
          const event = newEvent();
          await store().append(stream, [event], 'no_stream');
          appended.push(event.id);
        }
        const [pa, qa, , pb] = appended;

        expect(await idsOf(store().readAll({ filter: byStreamPrefix(p, q) }))).toEqual([
          pa,
          qa,
          pb,
        ]);
        expect(
          await idsOf(store().readAll({ filter: byStreamPrefix(p, q), direction: 'backwards' })),
        ).toEqual([pb, qa, pa]);
        expect(await idsOf(store().readAll({ filter: byStreamPrefix(q) }))).toEqual([qa]);
      });

      test('a stream prefix with _ and % matches literally, not as a pattern', async () => {
        const run = randomUUID().slice(0, 8);
        const literal = `dyad_te%t${run}~`;
        const match = newEvent();
        const lookalike = newEvent();
        // What `dyad_te%t<run>~%` would match as a SQL LIKE pattern, and not as a prefix.
        await store().append(`dyadXteZZZt${run}~a`, [lookalike], 'no_stream');
        await store().append(`${literal}a`, [match], 'no_stream');

        const filter: LogFilter = { by: 'streamPrefix', prefixes: [literal] };
        expect(await idsOf(store().readAll({ filter }))).toEqual([match.id]);
        expect(
          await idsOf(store().readAll({ filter: { by: 'streamPrefix', prefixes: [`dyad_te`] } })),
        ).not.toContain(lookalike.id);
      });

      test('filters by several event type prefixes', async () => {
        const prefix = uniquePrefix();
        const kind = `Parley${randomUUID().slice(0, 8)}`;
        const threat = newEvent(`${kind}ThreatIssued`);
        const statement = newEvent(`${kind}ContractTested`);
        const withdrawal = newEvent(`${kind}ThreatWithdrawn`);
        const denial = newEvent(`${kind}DenialIssued`);
        await store().append(streamIn(prefix, 'a'), [threat, statement], 'no_stream');
        await store().append(streamIn(prefix, 'b'), [withdrawal, denial], 'no_stream');

        const filter: LogFilter = {
          by: 'eventTypePrefix',
          prefixes: [`${kind}Threat`, `${kind}Denial`],
        };
        expect(await idsOf(store().readAll({ filter }))).toEqual([
          threat.id,
          withdrawal.id,
          denial.id,
        ]);
        expect(await idsOf(store().readAll({ filter, direction: 'backwards', limit: 2 }))).toEqual([
          denial.id,
          withdrawal.id,
        ]);
        const types = (await store().readAll({ filter })).map((e) => e.type);
        expect(types).toEqual([threat.type, withdrawal.type, denial.type]);
      });

      test('recorded times parse as ISO 8601 and never go back in log order', async () => {
        const { prefix } = await interleavedLog(store());

        const recorded = await store().readAll({ filter: byStreamPrefix(prefix) });
        const times = recorded.map((e) => {
          expect(e.recordedAt).toMatch(ISO_8601_UTC);
          return Date.parse(e.recordedAt);
        });
        expect(times.every((t) => Number.isFinite(t))).toBe(true);
        expect(times).toEqual([...times].sort((a, b) => a - b));
      });
    });

    describe('headPosition', () => {
      test('is at or after the position of the latest append', async () => {
        const prefix = uniquePrefix();
        const first = await store().append(streamIn(prefix, 'a'), [newEvent()], 'no_stream');
        const headAfterFirst = await store().headPosition();
        const second = await store().append(streamIn(prefix, 'b'), [newEvent()], 'no_stream');
        const headAfterSecond = await store().headPosition();

        expect(comparePositions(defined(headAfterFirst), first.position)).toBeGreaterThanOrEqual(0);
        expect(comparePositions(defined(headAfterSecond), second.position)).toBeGreaterThanOrEqual(
          0,
        );
        expect(comparePositions(defined(headAfterSecond), first.position)).toBeGreaterThan(0);
        // Nothing of ours lies beyond the head.
        expect(
          await store().readAll({ filter: byStreamPrefix(prefix), from: headAfterSecond }),
        ).toEqual([]);
      });
    });

    describe('subscribeToAll', () => {
      test(
        'catches up on the events after from, then delivers live ones, with no gap and no repeat',
        async () => {
          const prefix = uniquePrefix();
          const from = await store().headPosition();
          const history = [newEvent(), newEvent(), newEvent()];
          await store().append(streamIn(prefix, 'a'), history.slice(0, 2), 'no_stream');
          await store().append(streamIn(prefix, 'b'), history.slice(2), 'no_stream');
          const subscription = new Subscription(store(), { from, filter: byStreamPrefix(prefix) });
          try {
            expect(ids(await subscription.waitFor(3))).toEqual(ids(history));

            const live = [newEvent(), newEvent()];
            await store().append(streamIn(prefix, 'a'), live.slice(0, 1), 1);
            await store().append(streamIn(prefix, 'c'), live.slice(1), 'no_stream');
            expect(ids(await subscription.waitFor(5))).toEqual(ids([...history, ...live]));

            await expectNothingElseBefore(store(), subscription, streamIn(prefix, 'sentinel'), 5);
            const read = await store().readAll({ from, filter: byStreamPrefix(prefix) });
            expect(subscription.events.map((e) => e.position)).toEqual(read.map((e) => e.position));
          } finally {
            await subscription.stop();
          }
        },
        SUBSCRIPTION_TEST_MS,
      );

      test(
        'loses and repeats nothing when appends race a long catch-up',
        async () => {
          const prefix = uniquePrefix();
          const from = await store().headPosition();
          const history = streamIn(prefix, 'history');
          // More than one page of history, for adapters that read the catch-up in pages.
          for (let batch = 0; batch < 6; batch += 1) {
            const events = Array.from({ length: 100 }, () => newEvent());
            await store().append(history, events, batch === 0 ? 'no_stream' : batch * 100 - 1);
          }
          const racing = 50;
          let appendedFromConsumer = 0;
          // One writer appends while the consumer is between events (its loop body)...
          const subscription = new Subscription(
            store(),
            { from, filter: byStreamPrefix(prefix) },
            async () => {
              if (appendedFromConsumer >= racing) return;
              appendedFromConsumer += 1;
              await store().append(streamIn(prefix, 'consumer'), [newEvent()], 'any');
            },
          );
          try {
            // ...and another independently of it, as a second process would.
            for (let i = 0; i < racing; i += 1) {
              await store().append(streamIn(prefix, 'writer'), [newEvent()], 'any');
            }
            const total = 600 + 2 * racing;

            const delivered = await subscription.waitFor(total);

            expect(appendedFromConsumer).toBe(racing);
            const read = await store().readAll({ from, filter: byStreamPrefix(prefix) });
            expect(read).toHaveLength(total);
            expect(ids(delivered)).toEqual(ids(read));
            expect(new Set(ids(delivered)).size).toBe(total);
            expectStrictlyIncreasing(delivered.map((e) => e.position));
            await expectNothingElseBefore(
              store(),
              subscription,
              streamIn(prefix, 'sentinel'),
              total,
            );
          } finally {
            await subscription.stop();
          }
        },
        SUBSCRIPTION_TEST_MS,
      );

      test(
        'from is exclusive',
        async () => {
          const prefix = uniquePrefix();
          const events = [newEvent(), newEvent(), newEvent()];
          const first = await store().append(
            streamIn(prefix, 'a'),
            events.slice(0, 1),
            'no_stream',
          );
          await store().append(streamIn(prefix, 'a'), events.slice(1), 0);
          const subscription = new Subscription(store(), {
            from: first.position,
            filter: byStreamPrefix(prefix),
          });
          try {
            expect(ids(await subscription.waitFor(2))).toEqual(ids(events.slice(1)));
            await expectNothingElseBefore(store(), subscription, streamIn(prefix, 'sentinel'), 2);
          } finally {
            await subscription.stop();
          }
        },
        SUBSCRIPTION_TEST_MS,
      );

      test(
        'without from, starts at the beginning of the log',
        async () => {
          const prefix = uniquePrefix();
          const events = [newEvent(), newEvent()];
          await store().append(streamIn(prefix, 'a'), events, 'no_stream');
          const subscription = new Subscription(store(), { filter: byStreamPrefix(prefix) });
          try {
            expect(ids(await subscription.waitFor(2))).toEqual(ids(events));
          } finally {
            await subscription.stop();
          }
        },
        SUBSCRIPTION_TEST_MS,
      );

      test(
        'delivers only the streams the filter names, in catch-up and live',
        async () => {
          const [wanted, unwanted] = [uniquePrefix(), uniquePrefix()];
          const from = await store().headPosition();
          const expected: NewEvent[] = [];
          const write = async (prefix: string, wantedToo: boolean): Promise<void> => {
            const event = newEvent();
            await store().append(streamIn(prefix, 'a'), [event], 'any');
            if (wantedToo) expected.push(event);
          };
          await write(wanted, true);
          await write(unwanted, false);
          await write(wanted, true);
          const subscription = new Subscription(store(), {
            from,
            filter: byStreamPrefix(wanted),
          });
          try {
            expect(ids(await subscription.waitFor(2))).toEqual(ids(expected));
            await write(unwanted, false);
            await write(wanted, true);
            expect(ids(await subscription.waitFor(3))).toEqual(ids(expected));
            expect(subscription.events.every((e) => e.stream.startsWith(wanted))).toBe(true);
          } finally {
            await subscription.stop();
          }
        },
        SUBSCRIPTION_TEST_MS,
      );

      test(
        'delivers only the event types the filter names, in catch-up and live',
        async () => {
          const prefix = uniquePrefix();
          const kind = `Parley${randomUUID().slice(0, 8)}`;
          const from = await store().headPosition();
          const stream = streamIn(prefix, 'a');
          const threat = newEvent(`${kind}ThreatIssued`);
          const statement = newEvent(`${kind}ContractTested`);
          await store().append(stream, [threat, statement], 'no_stream');
          const subscription = new Subscription(store(), {
            from,
            filter: { by: 'eventTypePrefix', prefixes: [`${kind}Threat`] },
          });
          try {
            expect(ids(await subscription.waitFor(1))).toEqual([threat.id]);
            const another = newEvent(`${kind}ContractTested`);
            const withdrawal = newEvent(`${kind}ThreatWithdrawn`);
            await store().append(stream, [another, withdrawal], 1);
            expect(ids(await subscription.waitFor(2))).toEqual([threat.id, withdrawal.id]);
          } finally {
            await subscription.stop();
          }
        },
        SUBSCRIPTION_TEST_MS,
      );

      test(
        'aborting while it waits for live events ends the loop cleanly',
        async () => {
          const prefix = uniquePrefix();
          const event = newEvent();
          await store().append(streamIn(prefix, 'a'), [event], 'no_stream');
          const subscription = new Subscription(store(), { filter: byStreamPrefix(prefix) });
          // Caught up: the subscription is now waiting for live events.
          expect(ids(await subscription.waitFor(1))).toEqual([event.id]);

          await subscription.stop();

          expect(subscription.ended).toBe(true);
          expect(ids(subscription.events)).toEqual([event.id]);
        },
        SUBSCRIPTION_TEST_MS,
      );

      // Aborting on the last catch-up event means the abort lands just before the
      // subscription would start waiting for live events.
      test.each([
        ['first', 1],
        ['last', 3],
      ])(
        'aborting from inside the loop, at the %s catch-up event, ends it cleanly',
        async (_which, abortAt) => {
          const prefix = uniquePrefix();
          const events = [newEvent(), newEvent(), newEvent()];
          await store().append(streamIn(prefix, 'a'), events, 'no_stream');
          const controller = new AbortController();
          const seen: RecordedEvent[] = [];

          const loop = (async () => {
            for await (const event of store().subscribeToAll({
              filter: byStreamPrefix(prefix),
              signal: controller.signal,
            })) {
              seen.push(event);
              if (seen.length === abortAt) controller.abort();
            }
          })();

          await expect(
            within(loop, WAIT_MS, 'the loop to end after abort'),
          ).resolves.toBeUndefined();
          expect(seen.length).toBeGreaterThanOrEqual(abortAt);
          expect(ids(seen)).toEqual(ids(events).slice(0, seen.length));
        },
        SUBSCRIPTION_TEST_MS,
      );

      test(
        'an already aborted signal ends the loop at once',
        async () => {
          const prefix = uniquePrefix();
          await store().append(streamIn(prefix, 'a'), [newEvent(), newEvent()], 'no_stream');
          const controller = new AbortController();
          controller.abort();

          const loop = (async () => {
            const delivered: RecordedEvent[] = [];
            for await (const event of store().subscribeToAll({
              filter: byStreamPrefix(prefix),
              signal: controller.signal,
            })) {
              delivered.push(event);
            }
            return delivered;
          })();

          await expect(within(loop, WAIT_MS, 'the loop to end')).resolves.toEqual([]);
        },
        SUBSCRIPTION_TEST_MS,
      );
    });

    describe('close', () => {
      test('a closed store refuses further calls', async () => {
        const own = await factory();
        try {
          const stream = streamIn(uniquePrefix(), 'dyad');
          await own.store.append(stream, [newEvent()], 'no_stream');

          await own.store.close();

          await expect(attempt(() => own.store.append(stream, [newEvent()], 0))).rejects.toThrow();
          await expect(attempt(() => own.store.readStream(stream))).rejects.toThrow();
          await expect(attempt(() => own.store.readAll())).rejects.toThrow();
          await expect(attempt(() => own.store.headPosition())).rejects.toThrow();
        } finally {
          await own.dispose();
        }
      });
    });
  });
}

/** Recorded times are UTC; the precision (milliseconds, ticks) is the store's business. */
const ISO_8601_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$/;

/**
 * Contract streams and event types never look like parley's own (`dyad-…`,
 * `StatementRecorded`): against a shared EventStoreDB (`npm run test:eventstoredb`) a
 * parley instance reading the same log must not take them for records.
 */
function uniquePrefix(): string {
  return `contract-${randomUUID().slice(0, 8)}`;
}

function streamIn(prefix: string, name: string): string {
  return `${prefix}~${name}`;
}

function byStreamPrefix(...prefixes: string[]): LogFilter {
  return { by: 'streamPrefix', prefixes: prefixes.map((prefix) => `${prefix}~`) };
}

function newEvent(
  type = 'ContractTested',
  data: unknown = { actor: 'FRA', target: 'DEU', text: randomUUID() },
  metadata: EventMetadata = { schemaVersion: 1 },
): NewEvent {
  return { id: randomUUID(), type, data, metadata };
}

function ids(events: readonly { readonly id: string }[]): string[] {
  return events.map((e) => e.id);
}

async function idsOf(read: Promise<RecordedEvent[]>): Promise<string[]> {
  return ids(await read);
}

/** The item at `index` (negative counts from the end); fails the test when there is none. */
function nth<T>(items: readonly T[], index: number): T {
  const item = items.at(index);
  if (item === undefined) throw new Error(`no item at ${index} among ${items.length}`);
  return item;
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value, got undefined');
  return value;
}

function range(length: number): number[] {
  return Array.from({ length }, (_, i) => i);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return range(Math.ceil(items.length / size)).map((i) => items.slice(i * size, (i + 1) * size));
}

function sortedRuns(runs: readonly (readonly string[])[]): string[] {
  return runs.map((run) => run.join(',')).sort();
}

function expectStrictlyIncreasing(positions: readonly Position[]): void {
  positions.slice(1).forEach((position, i) => {
    expect(comparePositions(nth(positions, i), position)).toBeLessThan(0);
  });
}

/** Turns a synchronous throw into a rejection, so either counts as the call failing. */
async function attempt<T>(call: () => Promise<T>): Promise<T> {
  return call();
}

async function expectWrongExpectedVersion(
  append: Promise<unknown>,
  expected: { stream: string; expected: ExpectedRevision; actual: number | 'no_stream' },
): Promise<void> {
  const error = await rejectionOf(append);
  expect(error).toBeInstanceOf(WrongExpectedVersion);
  expect(error).toMatchObject(expected);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Five events in one new stream, appended in two batches. */
async function streamOfFive(store: EventStore): Promise<{ stream: string; ids: string[] }> {
  const stream = streamIn(uniquePrefix(), 'dyad');
  const events = range(5).map(() => newEvent());
  await store.append(stream, events.slice(0, 2), 'no_stream');
  await store.append(stream, events.slice(2), 1);
  return { stream, ids: ids(events) };
}

/**
 * Four events of ours over three streams, appended one by one with a stranger's event
 * between each, so that log order differs from any one stream's order.
 */
async function interleavedLog(
  store: EventStore,
): Promise<{ prefix: string; ids: string[]; before: Position | undefined }> {
  const prefix = uniquePrefix();
  const before = await store.headPosition();
  const appended: string[] = [];
  for (const name of ['a', 'b', 'a', 'c']) {
    const event = newEvent();
    await store.append(streamIn(prefix, name), [event], 'any');
    appended.push(event.id);
    await store.append(streamIn(uniquePrefix(), 'stranger'), [newEvent()], 'no_stream');
  }
  return { prefix, ids: appended, before };
}

/**
 * Proves a subscription holds nothing beyond its first `count` events: append a
 * sentinel to a stream its filter matches and check it arrives as event `count + 1`.
 * Any repeat or stray event would arrive before it.
 */
async function expectNothingElseBefore(
  store: EventStore,
  subscription: Subscription,
  sentinelStream: string,
  count: number,
): Promise<void> {
  const sentinel = newEvent();
  await store.append(sentinelStream, [sentinel], 'no_stream');
  const delivered = await subscription.waitFor(count + 1);
  expect(nth(delivered, count).id).toBe(sentinel.id);
}

/**
 * Runs a subscription's `for await` loop in the background and collects what it
 * delivers, so a test can wait (boundedly) for a number of events and then abort.
 */
class Subscription {
  readonly events: RecordedEvent[] = [];
  ended = false;
  private failure: { readonly error: unknown } | undefined;
  private readonly controller = new AbortController();
  private readonly loop: Promise<void>;
  private waiters: (() => void)[] = [];

  constructor(
    store: EventStore,
    options: Omit<SubscribeToAllOptions, 'signal'>,
    onEvent: (event: RecordedEvent) => Promise<void> = () => Promise.resolve(),
  ) {
    this.loop = (async () => {
      try {
        for await (const event of store.subscribeToAll({
          ...options,
          signal: this.controller.signal,
        })) {
          this.events.push(event);
          this.wake();
          await onEvent(event);
        }
      } catch (error) {
        this.failure = { error };
      } finally {
        this.ended = true;
        this.wake();
      }
    })();
  }

  /** The first `count` events, once delivered; fails after WAIT_MS or if the loop ends. */
  async waitFor(count: number): Promise<RecordedEvent[]> {
    const deadline = Date.now() + WAIT_MS;
    while (this.events.length < count) {
      if (this.failure) throw this.failure.error;
      if (this.ended) {
        throw new Error(`the subscription ended after ${this.events.length} of ${count} events`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `timed out after ${WAIT_MS} ms with ${this.events.length} of ${count} events`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events.slice(0, count);
  }

  /** Aborts, and fails unless the loop then ends without throwing, within WAIT_MS. */
  async stop(): Promise<void> {
    this.controller.abort();
    await within(this.loop, WAIT_MS, 'the subscription to end after abort');
    if (this.failure) throw this.failure.error;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
