/**
 * A gRPC server that speaks the part of EventStoreDB's protocol that
 * `@kurrent/kurrentdb-client` uses for our EventStore port, on the service definitions and
 * message classes the client itself ships
 * (`@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/*`: KurrentDB kept
 * EventStoreDB's v1 protocol, service names included). The real client talks real gRPC
 * to it, both through grpc-js (appends, subscriptions) and through its Rust bridge (stream
 * and `$all` reads), so the EventStoreDB adapter is tested without Docker.
 *
 * Served: ServerFeatures.GetSupportedMethods, Streams.Read (stream and `$all` reads,
 * catch-up subscriptions with filters and checkpoints), Streams.Append, Streams.BatchAppend.
 * Streams.Delete and Streams.Tombstone answer UNIMPLEMENTED; every other EventStoreDB
 * service (gossip, persistent subscriptions, projections, operations, users, monitoring)
 * is absent, which gRPC answers UNIMPLEMENTED too. A connection string with one host and no
 * `+discover` makes the client connect straight to it, without gossip
 * (`dist/Client/index.js`: a single endpoint skips discovery).
 *
 * One in-memory log, no authentication, no TLS: connect with
 * `kurrentdb://127.0.0.1:<port>?tls=false` (or the older `esdb://`).
 *
 * Usage in a test:
 *
 *   const server = await startEventStoreDbTestServer();
 *   const client = KurrentDBClient.connectionString(server.connectionString);
 *   ...
 *   await client.dispose();
 *   await server.close();
 *
 * Or on its own: `npm run eventstoredb:test-server -- --port 2113` (see main.ts).
 */
import { Metadata, Server, ServerCredentials, status as GrpcStatus } from '@grpc/grpc-js';
import { PersistentSubscriptionsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/persistentsubscriptions_grpc_pb';
import { ServerFeaturesService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import { InMemoryLog } from './log';
import { noCalls, type CallCounts } from './protocol';
import {
  createPersistentSubscriptionsService,
  type ProvisionedGroup,
} from './persistent-subscriptions-service';
import { createServerFeaturesService } from './server-features-service';
import { createStreamsService, OpenCalls } from './streams-service';

export interface EventStoreDbTestServerOptions {
  /** The port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The address to listen on; 127.0.0.1 by default. */
  readonly host?: string;
}

export type { CallCounts };

export interface EventStoreDbTestServer {
  readonly host: string;
  readonly port: number;
  /** `kurrentdb://<host>:<port>?tls=false`, for `KurrentDBClient.connectionString`. */
  readonly connectionString: string;
  /** How many calls each served method has taken since the server started. */
  callCounts(): Readonly<CallCounts>;
  /** Forgets every event. Open subscriptions stay open and see what is appended next. */
  reset(): void;
  /** The persistent subscription groups created so far, with their settings. */
  persistentSubscriptions(): ProvisionedGroup[];
  /**
   * Slows subscriptions down (a pause of `delayMs` after every `every` events sent), so a
   * test can act in the middle of a catch-up; `undefined` lets them run at full speed.
   */
  pace(pace: { every: number; delayMs: number } | undefined): void;
  /**
   * Cuts every client off, as a server restart or a network failure would: each open call
   * (subscriptions, the client's long-lived batch-append call, appends in flight) ends
   * with UNAVAILABLE, then every HTTP/2 connection is closed (GOAWAY, then reset). The
   * server keeps listening on the same address and keeps its events, so a client can
   * reconnect at once; `@kurrent/kurrentdb-client` does so on its next call, since
   * UNAVAILABLE is one of the errors that make it drop its channel (`Client.handleError`).
   * Resolves once the calls have been ended and the connections told to close.
   */
  dropConnections(): Promise<void>;
  /** Ends open calls, stops listening and closes every connection. */
  close(): Promise<void>;
}

/** How long closing connections waits for the calls' last messages before it resets them. */
const CONNECTION_GRACE_MS = 100;
/** How long `close()` waits for connections to close before it forces them. */
const SHUTDOWN_GRACE_MS = 1_000;

export async function startEventStoreDbTestServer(
  options: EventStoreDbTestServerOptions = {},
): Promise<EventStoreDbTestServer> {
  const host = options.host ?? '127.0.0.1';
  const log = new InMemoryLog();
  const openCalls = new OpenCalls();
  const counts = noCalls();
  const server = new Server();
  server.addService(StreamsService, createStreamsService(log, openCalls, counts));
  server.addService(ServerFeaturesService, createServerFeaturesService(counts));
  const groups = new Map<string, ProvisionedGroup>();
  server.addService(PersistentSubscriptionsService, createPersistentSubscriptionsService(groups));

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `${host}:${options.port ?? 0}`,
      ServerCredentials.createInsecure(),
      (error, boundPort) => {
        if (error) reject(error);
        else resolve(boundPort);
      },
    );
  });
  const address = `${host}:${port}`;

  const endOpenCalls = (details: string): void => {
    openCalls.abortAll({ code: GrpcStatus.UNAVAILABLE, details, metadata: new Metadata() });
  };

  let closed = false;
  return {
    host,
    port,
    connectionString: `kurrentdb://${address}?tls=false`,
    callCounts: () => ({ ...counts }),
    reset: () => {
      log.reset();
    },
    persistentSubscriptions: () => [...groups.values()],
    pace: (pace) => {
      log.pace = pace;
    },
    dropConnections: async () => {
      endOpenCalls('Connection dropped by the EventStoreDB test server');
      // Let the UNAVAILABLE statuses leave before the connections go.
      await new Promise<void>((resolve) => setImmediate(resolve));
      server.drain(address, CONNECTION_GRACE_MS);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      endOpenCalls('The EventStoreDB test server is shutting down');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
