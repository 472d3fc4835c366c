import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { NotFound } from '../common/domain-error';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { PacingClock } from './domain/pacing';
import { isPastEnd, ReplayService, type ReplayRequest } from './replay.service';

/** An embedded store on an in-memory SQLite whose clock moves a minute per append. */
function memoryStore(): { store: SqliteEventStore; db: Database.Database } {
  const db = new Database(':memory:');
  let minute = 0;
  const clock = (): Date => new Date(Date.UTC(2025, 0, 1, 0, minute++));
  return { store: new SqliteEventStore(db, { clock }), db };
}

async function append(store: EventStore, stream: string, ...types: string[]): Promise<void> {
  await store.append(
    stream,
    types.map((type) => ({
      id: randomUUID(),
      type,
      data: { type },
      metadata: { schemaVersion: 1 },
    })),
    'any',
  );
}

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const names = (events: RecordedEvent[]): string[] => events.map((e) => `${e.stream}:${e.revision}`);

describe('ReplayService', () => {
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(async () => {
    ({ store, db } = memoryStore());
    await append(store, 'actor-a', 'ActorRegistered');
    await append(store, 'actor-b', 'ActorRegistered');
    await append(store, 'dyad-a~b', 'StatementRecorded');
    await append(store, 'dyad-b~a', 'DenialIssued');
    await append(store, 'dyad-a~b', 'RecordCorrected');
  });
  afterEach(async () => {
    await store.close();
    db.close();
  });

  describe('stream pages', () => {
    it('pages forwards and backwards with a cursor that is the next revision', async () => {
      await append(store, 'dyad-a~b', 'ThreatIssued');
      const service = new ReplayService(store);
      const forwards = await service.streamPage('dyad-a~b', { direction: 'forwards', limit: 2 });
      expect(forwards.items.map((e) => e.revision)).toEqual([0, 1]);
      expect(forwards.nextCursor).toBe('2');
      const last = await service.streamPage('dyad-a~b', {
        direction: 'forwards',
        fromRevision: 2,
        limit: 2,
      });
      expect(last.items.map((e) => e.revision)).toEqual([2]);
      expect(last.nextCursor).toBeNull();
      const backwards = await service.streamPage('dyad-a~b', { direction: 'backwards', limit: 2 });
      expect(backwards.items.map((e) => e.revision)).toEqual([2, 1]);
      expect(backwards.nextCursor).toBe('0');
    });

    it('answers an empty page past the end of a known stream, and NotFound for an unknown one', async () => {
      const service = new ReplayService(store);
      await expect(
        service.streamPage('dyad-a~b', { direction: 'forwards', fromRevision: 9, limit: 5 }),
      ).resolves.toEqual({ items: [], nextCursor: null });
      await expect(
        service.streamPage('dyad-x~y', { direction: 'forwards', limit: 5 }),
      ).rejects.toBeInstanceOf(NotFound);
      await expect(
        service.streamPage('dyad-x~y', { direction: 'backwards', fromRevision: 3, limit: 5 }),
      ).rejects.toBeInstanceOf(NotFound);
    });
  });

  describe('replay', () => {
    const replay = async (request: Partial<ReplayRequest>, pageSize = 2) => {
      const session = await new ReplayService(store, { pageSize }).open({ filter: {}, ...request });
      const events = await collect(session.events);
      return { events, summary: session.summary() };
    };

    it('pages through the whole log in order', async () => {
      const { events, summary } = await replay({});
      expect(names(events)).toEqual([
        'actor-a:0',
        'actor-b:0',
        'dyad-a~b:0',
        'dyad-b~a:0',
        'dyad-a~b:1',
      ]);
      expect(summary).toEqual({ count: 5, through: events[4]?.position });
    });

    it('filters, reading through the port with the stream prefix it chose', async () => {
      const readAll = jest.spyOn(store, 'readAll');
      const { events } = await replay({ filter: { actors: ['a'], types: ['StatementRecorded'] } });
      expect(names(events)).toEqual(['dyad-a~b:0']);
      expect(readAll.mock.calls[0]?.[0]?.filter).toEqual({
        by: 'streamPrefix',
        prefixes: ['actor-a', 'dyad-'],
      });
    });

    it('reads nothing for a filter no stream can match', async () => {
      const readAll = jest.spyOn(store, 'readAll');
      const { events } = await replay({
        filter: { categories: ['actor'], dyads: [{ source: 'a', target: 'b' }] },
      });
      expect(events).toEqual([]);
      expect(readAll).not.toHaveBeenCalled();
    });

    it('stops at the head it took when opened, whatever is appended meanwhile', async () => {
      const session = await new ReplayService(store, { pageSize: 2 }).open({ filter: {} });
      await append(store, 'dyad-a~b', 'ThreatIssued');
      const events = await collect(session.events);
      expect(events).toHaveLength(5);
      expect(session.summary().through).toBe(session.head);
    });

    it('ends at to, or at the head when that comes first: a resume from there has nothing left', async () => {
      const [first, second, third] = (await replay({})).events.map((e) => e.position);
      const service = new ReplayService(store);
      const upToSecond = await service.open({ filter: {}, to: second });
      expect(upToSecond.end).toBe(second);
      expect(
        [first, second, third].map((p) => p !== undefined && isPastEnd(upToSecond, p)),
      ).toEqual([false, true, true]);
      const toHead = await service.open({ filter: {} });
      expect(toHead.end).toBe(toHead.head);
      expect(third !== undefined && isPastEnd(toHead, third)).toBe(false);
      const empty = memoryStore();
      expect((await new ReplayService(empty.store).open({ filter: {} })).end).toBeUndefined();
      empty.db.close();
    });

    it('gives (from, to]: from exclusive, to inclusive', async () => {
      const all = (await replay({})).events;
      const { events, summary } = await replay({ from: all[0]?.position, to: all[3]?.position });
      expect(names(events)).toEqual(['actor-b:0', 'dyad-a~b:0', 'dyad-b~a:0']);
      expect(summary.through).toBe(all[3]?.position);
    });

    it('stops after limit events, through the last one sent', async () => {
      const { events, summary } = await replay({ filter: { categories: ['dyad'] }, limit: 2 });
      expect(names(events)).toEqual(['dyad-a~b:0', 'dyad-b~a:0']);
      expect(summary).toEqual({ count: 2, through: events[1]?.position });
    });

    it('answers an empty log with no events and no position', async () => {
      const empty = memoryStore();
      const session = await new ReplayService(empty.store).open({ filter: {} });
      expect(await collect(session.events)).toEqual([]);
      expect(session.summary()).toEqual({ count: 0, through: null });
      empty.db.close();
    });

    it('paces by recorded time, a minute apart at speed 60 is a second', async () => {
      const sleeps: number[] = [];
      let now = 0;
      const clock: PacingClock = {
        now: () => now,
        sleep: (ms) => {
          sleeps.push(ms);
          now += ms;
          return Promise.resolve();
        },
      };
      const session = await new ReplayService(store, { clock }).open({ filter: {}, speed: 60 });
      await collect(session.events);
      expect(sleeps).toEqual([1000, 1000, 1000, 1000]);
    });

    it('stops reading the store when the reader goes away', async () => {
      const abort = new AbortController();
      const readAll = jest.spyOn(store, 'readAll');
      const session = await new ReplayService(store, { pageSize: 1 }).open(
        { filter: {} },
        abort.signal,
      );
      const seen: RecordedEvent[] = [];
      for await (const event of session.events) {
        seen.push(event);
        if (seen.length === 2) abort.abort();
      }
      expect(seen).toHaveLength(2);
      expect(readAll).toHaveBeenCalledTimes(2);
    });

    it('ends a pause at once when the reader goes away', async () => {
      const abort = new AbortController();
      const session = await new ReplayService(store).open({ filter: {}, speed: 1 }, abort.signal);
      const iterator = session.events[Symbol.asyncIterator]();
      await iterator.next();
      const started = Date.now();
      const pending = iterator.next();
      setTimeout(() => abort.abort(), 20);
      await expect(pending).resolves.toEqual({ value: undefined, done: true });
      // A minute apart at speed 1 would pause the 5 s cap; the abort cut it short.
      expect(Date.now() - started).toBeLessThan(4_000);
    });
  });
});
