import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import type { NewEvent, RecordedEvent } from '../../src/event-store/event-store.port';
import { startEventStoreDbTestServer } from '../support/eventstoredb/test-server';
import { describeEventStoreContract } from './event-store.contract';

/**
 * The same contract on EventStoreDB, through the real client over real gRPC: against
 * the test server in test/support/eventstoredb/, or against a real EventStoreDB when
 * EVENTSTORE_CONNECTION_STRING is set (`npm run test:eventstoredb`).
 */
describeEventStoreContract('EventStoreDB', async () => {
  const real = process.env.EVENTSTORE_CONNECTION_STRING;
  const server = real ? undefined : await startEventStoreDbTestServer();
  const store = EventStoreDbEventStore.fromConnectionString(real ?? server?.connectionString ?? '');
  return {
    store,
    async dispose() {
      await store.close().catch(() => undefined);
      await server?.close();
    },
  };
});

describe('EventStoreDB adapter, as other EventStoreDB clients see its events', () => {
  it('stores the correlation and causation ids where EventStoreDB projections read them', async () => {
    const server = await startEventStoreDbTestServer();
    const store = EventStoreDbEventStore.fromConnectionString(server.connectionString);
    const client = KurrentDBClient.connectionString(server.connectionString);
    try {
      const stream = `contract-${randomUUID().slice(0, 8)}`;
      await store.append(
        stream,
        [
          {
            id: randomUUID(),
            type: 'ContractTested',
            data: { quote: '“absolutely CRAZY!”' },
            metadata: {
              schemaVersion: 1,
              correlationId: 'request-1',
              causationId: 'event-0',
              principal: 'recorder:ana',
            },
          },
        ],
        'no_stream',
      );
      const seen: unknown[] = [];
      for await (const resolved of client.readStream(stream)) seen.push(resolved.event?.metadata);
      expect(seen).toEqual([
        {
          $correlationId: 'request-1',
          $causationId: 'event-0',
          schemaVersion: 1,
          principal: 'recorder:ana',
        },
      ]);
    } finally {
      await client.dispose();
      await store.close();
      await server.close();
    }
  });
});

describe('EventStoreDB adapter, connecting', () => {
  const newEvent = (): NewEvent => ({
    id: randomUUID(),
    type: 'ContractTested',
    data: { quote: 'we will see' },
    metadata: { schemaVersion: 1 },
  });

  // KurrentDB's clients name the scheme kurrentdb://; esdb:// is what every deployment
  // configured before the rename, and must keep working without a deprecation warning
  // on every start.
  it.each(['kurrentdb://', 'kurrentdb+discover://', 'esdb://', 'esdb+discover://'])(
    'takes a connection string with the %s scheme',
    async (scheme) => {
      const server = await startEventStoreDbTestServer();
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const connection = `${scheme}${server.host}:${server.port}?tls=false`;
      // +discover asks the node's gossip for the cluster, which the test server does not
      // serve: parsing is all that can be checked there.
      const discover = scheme.includes('+discover');
      const store = EventStoreDbEventStore.fromConnectionString(connection);
      try {
        expect(warn).not.toHaveBeenCalled();
        if (discover) return;
        const stream = `contract-${randomUUID().slice(0, 8)}`;
        const event = newEvent();
        await store.append(stream, [event], 'no_stream');
        expect((await store.readStream(stream)).map(({ id }) => id)).toEqual([event.id]);
      } finally {
        warn.mockRestore();
        await store.close();
        await server.close();
      }
    },
  );

  it('gives an event the same recorded time whether it is read or delivered live', async () => {
    const server = await startEventStoreDbTestServer();
    const store = EventStoreDbEventStore.fromConnectionString(server.connectionString);
    const abort = new AbortController();
    try {
      const stream = `contract-${randomUUID().slice(0, 8)}`;
      const events = Array.from({ length: 20 }, newEvent);
      await store.append(stream, events, 'no_stream');
      const delivered: RecordedEvent[] = [];
      for await (const event of store.subscribeToAll({ signal: abort.signal })) {
        delivered.push(event);
        if (delivered.length === events.length) break;
      }
      const read = await store.readStream(stream);
      const readAll = await store.readAll();
      // A projection rebuilt from a read must store what the live run stored.
      expect(read.map((e) => e.recordedAt)).toEqual(delivered.map((e) => e.recordedAt));
      expect(readAll.map((e) => e.recordedAt)).toEqual(delivered.map((e) => e.recordedAt));
    } finally {
      abort.abort();
      await store.close();
      await server.close();
    }
  });
});
