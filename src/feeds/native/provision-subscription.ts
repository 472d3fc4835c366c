import {
  END,
  KurrentDBClient,
  PersistentSubscriptionExistsError,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  ROUND_ROBIN,
  START,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import { toKurrentDbConnectionString } from '../../event-store/eventstoredb/connection-string';

export interface ProvisionRequest {
  readonly connectionString: string;
  readonly group: string;
  /** A stream such as `$ce-dyad`; absent: `$all`, filtered to parley's streams. */
  readonly stream?: string;
  readonly from: 'start' | 'end';
}

export interface ProvisionResult {
  readonly created: boolean;
  readonly stream: string;
  readonly group: string;
}

/** The streams parley writes: what a group on `$all` is filtered to. */
export const PARLEY_STREAM_PREFIXES = ['dyad-', 'actor-'];

/**
 * Settings for a group of downstream consumers: every event from the start (or the
 * end), round-robin across the group's members so instances share the load, retries and
 * timeouts at EventStoreDB's defaults, and links resolved on category streams (`$ce-dyad`
 * holds links to the events, not the events).
 */
export function groupSettings(from: ProvisionRequest['from']) {
  return {
    startFrom: from === 'start' ? START : END,
    consumerStrategyName: ROUND_ROBIN,
    maxRetryCount: 10,
    messageTimeout: 30_000,
    checkPointAfter: 2_000,
  } as const;
}

/**
 * Creates a persistent subscription group for downstream services (`parley
 * subscriptions provision`). An existing group is left as it is: provisioning twice is
 * not an error.
 */
export async function provisionSubscription(request: ProvisionRequest): Promise<ProvisionResult> {
  const client = KurrentDBClient.connectionString(
    toKurrentDbConnectionString(request.connectionString),
  );
  const stream = request.stream ?? '$all';
  try {
    if (request.stream === undefined) {
      await client.createPersistentSubscriptionToAll(
        request.group,
        persistentSubscriptionToAllSettingsFromDefaults(groupSettings(request.from)),
        { filter: streamNameFilter({ prefixes: PARLEY_STREAM_PREFIXES }) },
      );
    } else {
      await client.createPersistentSubscriptionToStream(
        request.stream,
        request.group,
        persistentSubscriptionToStreamSettingsFromDefaults({
          ...groupSettings(request.from),
          resolveLinkTos: request.stream.startsWith('$'),
        }),
      );
    }
    return { created: true, stream, group: request.group };
  } catch (error) {
    if (error instanceof PersistentSubscriptionExistsError) {
      return { created: false, stream, group: request.group };
    }
    throw error;
  } finally {
    await client.dispose();
  }
}
