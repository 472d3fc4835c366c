import { PARLEY_EVENT_TYPES } from '../../app/parley-event-types';
import { randomUUID } from 'node:crypto';
import { openDatabase, type SqliteDatabase } from '../../database/open-database';
import { actorStream, decideActor } from '../../actors/domain/actor';
import { actorModel } from '../../actors/domain/actor-event';
import { decideDyad, dyadStream } from '../../records/domain/dyad';
import { dyadModel } from '../../records/domain/dyad-model';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { runStreamCommand } from '../run-stream-command';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { UpcastingEventStore } from './upcasting-event-store';
import { UnknownSchemaVersion } from './upcasting.errors';

const URL = 'https://www.reuters.com/world/trump-says-he-is-very-angry-pissed-off-with-putin/';
const V1_CITATION = `Reuters | Trump threatens secondary tariffs on Russian oil | ${URL}`;
const V2_CITATION = {
  outlet: 'Reuters',
  title: 'Trump threatens secondary tariffs on Russian oil',
  url: URL,
};

function threatIssued(recordId: string, schemaVersion: number, citation: unknown): NewEvent {
  return {
    id: recordId,
    type: 'ThreatIssued',
    data: {
      recordId,
      kind: 'threat',
      source: 'donald-trump',
      target: 'vladimir-putin',
      occurredAt: '2025-03-30T12:00:00Z',
      precision: 'day',
      quote: 'I am going to put secondary tariffs on oil, on all oil coming out of Russia.',
      citation,
      topics: ['oil'],
      threat: { instrument: 'tariff', magnitude: '25-50%' },
    },
    metadata: { schemaVersion, correlationId: randomUUID() },
  };
}

const citationOf = (event: RecordedEvent | undefined): unknown =>
  (event?.data as { citation?: unknown } | undefined)?.citation;

describe('UpcastingEventStore', () => {
  let db: SqliteDatabase;
  let raw: SqliteEventStore;
  let store: UpcastingEventStore;
  let stream: string;
  let recordId: string;

  beforeEach(async () => {
    db = openDatabase(':memory:');
    raw = new SqliteEventStore(db);
    store = new UpcastingEventStore(raw, PARLEY_EVENT_TYPES);
    stream = dyadStream('donald-trump', `vladimir-putin-${randomUUID().slice(0, 8)}`);
    recordId = randomUUID();
    await raw.append(stream, [threatIssued(recordId, 1, V1_CITATION)], 'no_stream');
  });

  afterEach(async () => {
    await store.close();
    db.close();
  });

  it('reads a stream in current shapes', async () => {
    const [event] = await store.readStream(stream);
    expect(citationOf(event)).toEqual(V2_CITATION);
    expect(event?.metadata.schemaVersion).toBe(2);
    expect(event).toMatchObject({ id: recordId, stream, revision: 0 });
  });

  it('reads the log in current shapes', async () => {
    const events = await store.readAll({ filter: { by: 'streamPrefix', prefixes: [stream] } });
    expect(events.map(citationOf)).toEqual([V2_CITATION]);
  });

  it('subscribes in current shapes', async () => {
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    for await (const event of store.subscribeToAll({ signal: controller.signal })) {
      seen.push(event);
      controller.abort();
    }
    expect(seen.map(citationOf)).toEqual([V2_CITATION]);
  });

  it('appends as it is given and leaves the stored events as they were written', async () => {
    const second = randomUUID();
    const appended = await store.append(stream, [threatIssued(second, 2, V2_CITATION)], 0);
    expect(appended.nextExpectedRevision).toBe(1);
    expect(await store.headPosition()).toBe(appended.position);
    const stored = await raw.readStream(stream);
    expect(stored.map(citationOf)).toEqual([V1_CITATION, V2_CITATION]);
    expect(stored.map((event) => event.metadata.schemaVersion)).toEqual([1, 2]);
  });

  it('fails a read and a subscription on a version newer than it knows, naming the event', async () => {
    const future = threatIssued(randomUUID(), 3, V2_CITATION);
    const { position } = await raw.append(stream, [future], 0);
    const named = { eventId: future.id, eventType: 'ThreatIssued', stream, position };
    await expect(store.readStream(stream)).rejects.toThrow(UnknownSchemaVersion);
    await expect(store.readStream(stream)).rejects.toMatchObject(named);
    const subscribe = async (): Promise<void> => {
      for await (const _event of store.subscribeToAll()) {
        // The first event reads; the second ends the loop with the error.
      }
    };
    await expect(subscribe()).rejects.toMatchObject({ name: 'UnknownSchemaVersion', ...named });
  });

  it('lets a command decide on the upcast stream, and writes the current version', async () => {
    const correct = (title: string) =>
      runStreamCommand(
        store,
        stream,
        dyadModel,
        (state) =>
          decideDyad(state, {
            type: 'CorrectRecord',
            recordId,
            changes: { citation: { title } },
            reason: 'The headline as it reads now',
          }),
        { context: { correlationId: randomUUID() } },
      );
    // The stored title again: no change, which only a citation read as an object shows.
    expect((await correct(V2_CITATION.title)).events).toEqual([]);
    await correct('Trump angry at Putin');

    const state = (await store.readStream(stream))
      .map(dyadModel.accept)
      .reduce(
        (folded, event) => (event ? dyadModel.evolve(folded, event) : folded),
        dyadModel.initial,
      );
    expect(state.get(recordId)?.current.citation).toEqual({
      ...V2_CITATION,
      title: 'Trump angry at Putin',
    });
    const stored = await raw.readStream(stream);
    expect(stored.map((event) => [event.type, event.metadata.schemaVersion])).toEqual([
      ['ThreatIssued', 1],
      ['RecordCorrected', 2],
    ]);
  });

  it('writes an event of a type that never changed at version 1', async () => {
    const actor = actorStream(`kremlin-${randomUUID().slice(0, 8)}`);
    await runStreamCommand(
      store,
      actor,
      actorModel,
      (state) =>
        decideActor(state, {
          type: 'RegisterActor',
          profile: { id: 'kremlin', name: 'The Kremlin', kind: 'office', aliases: [] },
        }),
      { context: { correlationId: randomUUID() } },
    );
    const [registered] = await raw.readStream(actor);
    expect(registered?.metadata.schemaVersion).toBe(1);
  });
});
