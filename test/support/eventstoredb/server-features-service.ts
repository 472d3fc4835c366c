/**
 * `event_store.client.server_features.ServerFeatures`: what the client asks first, once
 * per connection (`dist/Client/ServerFeatures.js`). It keys every advertised method by
 * `/<service>/<method>` in lower case and, for appends, takes `Streams.BatchAppend` when
 * it is listed and the call has no per-call credentials, and `Streams.Append` otherwise
 * (`dist/streams/appendToStream/index.js`). So the list names exactly what the test
 * server implements: `Delete` and `Tombstone`, which answer UNIMPLEMENTED, are left out.
 */
import type { IServerFeaturesServer } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import { ServerFeaturesService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import { PersistentSubscriptionsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/persistentsubscriptions_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb';
import type { CallCounts } from './protocol';

/**
 * The server version reported. The client only logs it; 23.10 is a release whose protocol
 * matches the v1 protos `@kurrent/kurrentdb-client` ships (with `caught_up` in `ReadResp`).
 * The v2 services (multi-stream append, KurrentDB 25.1 on) are neither served nor
 * advertised, so the client keeps to the v1 appends the adapter uses.
 */
export const SERVER_VERSION = '23.10.0';

const ADVERTISED: readonly { readonly path: string; readonly features?: readonly string[] }[] = [
  // Creating a group to a stream or to $all: the client asks for the "all" feature first.
  { path: PersistentSubscriptionsService.create.path, features: ['stream', 'all'] },
  StreamsService.read,
  StreamsService.append,
  StreamsService.batchAppend,
  ServerFeaturesService.getSupportedMethods,
];

export function supportedMethods(): SupportedMethods {
  const methods = ADVERTISED.map((definition) => {
    // A path is "/event_store.client.streams.Streams/BatchAppend"; the server lists its
    // names in lower case.
    const [, service = '', method = ''] = definition.path.split('/');
    return new SupportedMethod()
      .setServiceName(service.toLowerCase())
      .setMethodName(method.toLowerCase())
      .setFeaturesList([...(definition.features ?? [])]);
  });
  return new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(SERVER_VERSION);
}

export function createServerFeaturesService(counts: CallCounts): IServerFeaturesServer {
  return {
    getSupportedMethods: (_call, callback) => {
      counts.getSupportedMethods += 1;
      callback(null, supportedMethods());
    },
  };
}
