import { EventStoreDBClient } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
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
    const client = EventStoreDBClient.connectionString(server.connectionString);
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
