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
