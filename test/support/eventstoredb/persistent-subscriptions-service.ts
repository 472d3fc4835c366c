/**
 * `event_store.client.persistent_subscriptions.PersistentSubscriptions`, the part
 * `parley subscriptions provision` uses: `Create`, to a stream or to `$all`. Groups are
 * remembered with the settings they were created with, so a test can check what was
 * provisioned; the other methods answer UNIMPLEMENTED (the service's defaults).
 *
 * An existing group is refused the way EventStoreDB refuses it: ALREADY_EXISTS with the
 * `exception: persistent-subscription-exists` trailer the client maps to
 * `PersistentSubscriptionExistsError` (`dist/utils/CommandError.js`).
 */
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { IPersistentSubscriptionsServer } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/persistentsubscriptions_grpc_pb';
import {
  CreateReq,
  CreateResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/persistentsubscriptions_pb';
import { streamNameOf } from './protocol';

export interface ProvisionedGroup {
  /** The stream, or `$all`. */
  readonly stream: string;
  readonly group: string;
  /** `start`, `end`, a revision, or `commit/prepare`. */
  readonly startFrom: string;
  readonly filter: {
    readonly on: 'stream' | 'eventType';
    readonly prefixes: readonly string[];
  } | null;
  readonly resolveLinks: boolean;
  readonly maxRetryCount: number;
  readonly messageTimeoutMs: number;
  readonly checkpointAfterMs: number;
  readonly liveBufferSize: number;
  readonly readBatchSize: number;
  readonly historyBufferSize: number;
  readonly consumerStrategy: string;
}

function unimplemented(
  name: string,
): (call: unknown, callback?: (error: ServiceError) => void) => void {
  return (_call, callback) => {
    const error = Object.assign(new Error(`${name} is not implemented by the test server`), {
      code: GrpcStatus.UNIMPLEMENTED,
      details: `${name} is not implemented by the test server`,
      metadata: new Metadata(),
    });
    callback?.(error);
  };
}

const NAMED_STRATEGIES: Record<number, string> = {
  [CreateReq.ConsumerStrategy.DISPATCHTOSINGLE]: 'DispatchToSingle',
  [CreateReq.ConsumerStrategy.ROUNDROBIN]: 'RoundRobin',
  [CreateReq.ConsumerStrategy.PINNED]: 'Pinned',
};

function describe(options: CreateReq.Options): Omit<ProvisionedGroup, 'group'> | undefined {
  const settings = options.getSettings();
  if (!settings) return undefined;
  const common = {
    resolveLinks: settings.getResolveLinks(),
    maxRetryCount: settings.getMaxRetryCount(),
    messageTimeoutMs: settings.getMessageTimeoutMs(),
    checkpointAfterMs: settings.getCheckpointAfterMs(),
    liveBufferSize: settings.getLiveBufferSize(),
    readBatchSize: settings.getReadBatchSize(),
    historyBufferSize: settings.getHistoryBufferSize(),
    // Newer clients name the strategy; older ones send the enum for the built-in ones.
    consumerStrategy:
      settings.getConsumerStrategy() || NAMED_STRATEGIES[settings.getNamedConsumerStrategy()] || '',
  };
  const all = options.getAll();
  if (all) {
    const filter = all.getFilter();
    const expression = filter?.getStreamIdentifier() ?? filter?.getEventType();
    return {
      ...common,
      stream: '$all',
      startFrom: all.hasStart()
        ? 'start'
        : all.hasEnd()
          ? 'end'
          : `${all.getPosition()?.getCommitPosition() ?? ''}/${all.getPosition()?.getPreparePosition() ?? ''}`,
      filter:
        filter && expression
          ? {
              on: filter.hasStreamIdentifier() ? 'stream' : 'eventType',
              prefixes: expression.getPrefixList(),
            }
          : null,
    };
  }
  const stream = options.getStream();
  if (stream) {
    return {
      ...common,
      stream: streamNameOf(stream.getStreamIdentifier()),
      startFrom: stream.hasStart() ? 'start' : stream.hasEnd() ? 'end' : stream.getRevision(),
      filter: null,
    };
  }
  // Clients may still send the pre-21.10 form for streams: the identifier beside the
  // options, and the start as a revision in the settings (the UInt64 maximum for "end").
  if (!options.hasStreamIdentifier()) return undefined;
  const revision = settings.getRevision();
  return {
    ...common,
    stream: streamNameOf(options.getStreamIdentifier()),
    startFrom: revision === '0' ? 'start' : revision === '18446744073709551615' ? 'end' : revision,
    filter: null,
  };
}

export function createPersistentSubscriptionsService(
  groups: Map<string, ProvisionedGroup>,
): IPersistentSubscriptionsServer {
  return {
    create: (call, callback) => {
      const options = call.request.getOptions();
      const described = options ? describe(options) : undefined;
      if (!options || !described) {
        callback(
          Object.assign(new Error('CreateReq without options or settings'), {
            code: GrpcStatus.INVALID_ARGUMENT,
            details: 'CreateReq without options or settings',
            metadata: new Metadata(),
          }),
        );
        return;
      }
      const group = options.getGroupName();
      const key = `${described.stream}::${group}`;
      if (groups.has(key)) {
        const metadata = new Metadata();
        metadata.set('exception', 'persistent-subscription-exists');
        callback(
          Object.assign(new Error(`Subscription group ${group} on ${described.stream} exists`), {
            code: GrpcStatus.ALREADY_EXISTS,
            details: `Subscription group ${group} on ${described.stream} exists`,
            metadata,
          }),
        );
        return;
      }
      groups.set(key, { ...described, group });
      callback(null, new CreateResp());
    },
    update: unimplemented('Update'),
    delete: unimplemented('Delete'),
    read: (call) => {
      call.emit('error', {
        code: GrpcStatus.UNIMPLEMENTED,
        details: 'Read is not implemented by the test server',
        metadata: new Metadata(),
      });
    },
    getInfo: unimplemented('GetInfo'),
    replayParked: unimplemented('ReplayParked'),
    list: unimplemented('List'),
    restartSubsystem: unimplemented('RestartSubsystem'),
  };
}
