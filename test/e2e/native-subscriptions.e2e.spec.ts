import { spawn } from 'node:child_process';
import {
  startEventStoreDbTestServer,
  type EventStoreDbTestServer,
} from '../support/eventstoredb/test-server';
import { PARLEY_BIN } from '../support/parley-process';

/**
 * The built CLI in a child process. Asynchronously: the test server answering it runs
 * in this process, so a synchronous spawn would leave it unable to answer.
 */
function parley(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PARLEY_BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('parley subscriptions provision (EventStoreDB persistent subscriptions)', () => {
  let server: EventStoreDbTestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startEventStoreDbTestServer();
    env = {
      PARLEY_EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: server.connectionString,
    };
  });
  afterAll(() => server.close());

  it("creates a group on $all filtered to parley's streams, with sensible settings, once", async () => {
    const first = await parley(['subscriptions', 'provision', '--group', 'search-index'], env);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/created persistent subscription group search-index on \$all/);
    expect(server.persistentSubscriptions()).toContainEqual(
      expect.objectContaining({
        stream: '$all',
        group: 'search-index',
        startFrom: 'start',
        filter: { on: 'stream', prefixes: ['dyad-', 'actor-'] },
        consumerStrategy: 'RoundRobin',
        maxRetryCount: 10,
        messageTimeoutMs: 30_000,
        checkpointAfterMs: 2_000,
      }),
    );

    const again = await parley(['subscriptions', 'provision', '--group', 'search-index'], env);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/exists already; left as it is/);
    expect(server.persistentSubscriptions().filter((g) => g.group === 'search-index')).toHaveLength(
      1,
    );
  });

  it('creates a group on a category stream, resolving its links, from now on', async () => {
    const result = await parley(
      ['subscriptions', 'provision', '--group', 'alerts', '--stream', '$ce-dyad', '--from', 'end'],
      env,
    );
    expect(result.status).toBe(0);
    expect(server.persistentSubscriptions()).toContainEqual(
      expect.objectContaining({
        stream: '$ce-dyad',
        group: 'alerts',
        startFrom: 'end',
        resolveLinks: true,
      }),
    );
  });

  it('explains that the embedded store has no persistent subscriptions', async () => {
    const result = await parley(['subscriptions', 'provision', '--group', 'x'], {
      PARLEY_DB: '/tmp/none.db',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PARLEY_EVENT_STORE=eventstoredb/);
  });
});
