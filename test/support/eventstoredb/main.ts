/**
 * Runs the EventStoreDB test server on its own, for local work without Docker:
 *
 *   npm run eventstoredb:test-server -- --port 2113 [--host 127.0.0.1]
 *
 * then point the service at the printed connection string. Events live in memory and are
 * gone when it stops (Ctrl-C, SIGTERM).
 */
import { parseArgs } from 'node:util';
import { startEventStoreDbTestServer } from './test-server';

const USAGE = 'usage: eventstoredb:test-server [--port <port, default 2113>] [--host <address>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '2113' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a port number, not "${values.port}"\n${USAGE}`);
  }

  const server = await startEventStoreDbTestServer({ port, host: values.host });
  console.log(`EventStoreDB test server listening: ${server.connectionString}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
