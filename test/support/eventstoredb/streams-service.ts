/**
 * `event_store.client.streams.Streams`, as `@kurrent/kurrentdb-client` calls it:
 * - `Read`: reads of a stream or of `$all`, forwards or backwards, and catch-up
 *   subscriptions to either (with a filter and checkpoints on `$all`);
 * - `Append` (client streaming) and `BatchAppend` (bidirectional, what the client uses once
 *   the server features advertise it), with expected revisions and idempotent event ids;
 * - `Delete` and `Tombstone` answer UNIMPLEMENTED: the port has no deletion.
 *
 * What the client reads from each answer (and so what must be right here) is in its
 * `dist/streams/**` code: `appendToStream/append.js`, `appendToStream/batchAppend.js`,
 * `appendToStream/unpackError.js`, `utils/ReadStream.js`, `utils/Subscription.js` and
 * `dist/utils/convertGrpcEvent.js`.
 */
import {
  status as GrpcStatus,
  type handleBidiStreamingCall,
  type handleClientStreamingCall,
  type handleServerStreamingCall,
  type handleUnaryCall,
  type ServerWritableStream,
  type StatusObject,
} from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import type { IStreamsServer } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
  type DeleteReq,
  type DeleteResp,
  type TombstoneReq,
  type TombstoneResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import {
  AllStreamPosition,
  BadRequest,
  Empty,
  WrongExpectedVersion,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { Code } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/code_pb';
import {
  compileFilter,
  type AppendOutcome,
  type Direction,
  type ExpectedState,
  type InMemoryLog,
  type LogFilter,
  type LogPosition,
  type ProposedEvent,
  type ReadFrom,
} from './log';
import {
  type CallCounts,
  ProtocolError,
  proposedEvent,
  readEventResponse,
  streamIdentifier,
  streamNameOf,
  uint64,
  uuidText,
  wantsStructuredIds,
} from './protocol';
import { Subscription, type SubscriptionSource } from './subscription';

/** A call that stays open across ticks, which `dropConnections()` must be able to end. */
export interface OpenCall {
  abort(status: Partial<StatusObject>): void;
}

/** The open calls, so that a test can cut them all at once. */
export class OpenCalls {
  private readonly calls = new Set<OpenCall>();

  add(call: OpenCall): () => void {
    this.calls.add(call);
    return () => {
      this.calls.delete(call);
    };
  }

  abortAll(status: Partial<StatusObject>): number {
    const calls = [...this.calls];
    this.calls.clear();
    for (const call of calls) call.abort(status);
    return calls.length;
  }
}

/**
 * The search window when the client sends none (`FilterOptions.count`): the server reads
 * `$all` in pages of 32 events ("every 32 events" by default,
 * https://developers.eventstore.com/clients/grpc/subscriptions.html#checkpointing).
 */
const DEFAULT_SEARCH_WINDOW = 32;

export function createStreamsService(
  log: InMemoryLog,
  openCalls: OpenCalls,
  counts: CallCounts,
): IStreamsServer {
  const read: handleServerStreamingCall<ReadReq, ReadResp> = (call) => {
    counts.read += 1;
    try {
      handleRead(call, log, openCalls);
    } catch (error) {
      call.emit('error', toStatus(error));
    }
  };

  const append: handleClientStreamingCall<AppendReq, AppendResp> = (call, callback) => {
    counts.append += 1;
    let stream: string | undefined;
    let expected: ExpectedState | undefined;
    const events: ProposedEvent[] = [];
    let done = false;
    const finish = (error: Partial<StatusObject> | null, response?: AppendResp): void => {
      if (done) return;
      done = true;
      forget();
      if (error) callback(error);
      else callback(null, response);
    };
    const forget = openCalls.add({ abort: (status) => finish(status) });
    call.on('data', (request: AppendReq) => {
      if (done) return;
      try {
        const options = request.getOptions();
        if (options) {
          stream = streamNameOf(options.getStreamIdentifier());
          expected = appendExpectation(options);
          return;
        }
        const message = request.getProposedMessage();
        if (!message || stream === undefined) {
          throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'options must come first');
        }
        events.push(proposedEvent(message));
      } catch (error) {
        finish(toStatus(error));
      }
    });
    call.on('end', () => {
      if (stream === undefined || expected === undefined) {
        finish({ code: GrpcStatus.INVALID_ARGUMENT, details: 'append without options' });
        return;
      }
      finish(null, appendResponse(log.append(stream, events, expected)));
    });
    call.on('cancelled', () => {
      done = true;
      forget();
    });
  };

  const batchAppend: handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> = (call) => {
    counts.batchAppend += 1;
    interface PendingBatch {
      readonly stream: string;
      readonly expected: ExpectedState;
      readonly events: ProposedEvent[];
    }
    // One bidirectional call carries every append of a client: each append is a
    // correlation id whose first request carries the options and whose last is final.
    const pending = new Map<string, PendingBatch>();
    // Appends already answered with an error whose later requests are still to come: they
    // are dropped, since a second answer for one correlation id would break the client.
    const refused = new Set<string>();
    let closed = false;
    const forget = openCalls.add({
      abort: (status) => {
        if (closed) return;
        closed = true;
        call.emit('error', status);
      },
    });
    const close = (): void => {
      closed = true;
      forget();
    };
    call.on('data', (request: BatchAppendReq) => {
      if (closed) return;
      const correlation = request.getCorrelationId();
      let correlationId: string;
      try {
        correlationId = uuidText(correlation);
      } catch (error) {
        close();
        call.emit('error', toStatus(error));
        return;
      }
      if (refused.has(correlationId)) {
        if (request.getIsFinal()) refused.delete(correlationId);
        return;
      }
      // The client reads the stream name of every answer, errors included (unpackError.js).
      const respond = (response: BatchAppendResp, stream: string): void => {
        pending.delete(correlationId);
        call.write(
          response.setCorrelationId(correlation).setStreamIdentifier(streamIdentifier(stream)),
        );
      };
      let batch = pending.get(correlationId);
      try {
        if (!batch) {
          const options = request.getOptions();
          if (!options) throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'options missing');
          batch = {
            stream: streamNameOf(options.getStreamIdentifier()),
            expected: batchExpectation(options),
            events: [],
          };
          pending.set(correlationId, batch);
        }
        for (const message of request.getProposedMessagesList()) {
          batch.events.push(proposedEvent(message));
        }
      } catch (error) {
        respond(new BatchAppendResp().setError(badRequest(error)), batch?.stream ?? '');
        if (!request.getIsFinal()) refused.add(correlationId);
        return;
      }
      if (!request.getIsFinal()) return;
      const response = batchAppendResponse(log.append(batch.stream, batch.events, batch.expected));
      respond(setBatchExpectation(response, batch.expected), batch.stream);
    });
    call.on('end', () => {
      // The client half-closed: every append it sent has been answered, so finish too.
      close();
      call.end();
    });
    call.on('cancelled', close);
    call.on('error', close);
  };

  const unimplemented =
    <Request, Response>(name: string): handleUnaryCall<Request, Response> =>
    (_call, callback) => {
      callback({
        code: GrpcStatus.UNIMPLEMENTED,
        details: `${name} is not implemented by the parley EventStoreDB test server`,
      });
    };

  return {
    read,
    append,
    batchAppend,
    delete: unimplemented<DeleteReq, DeleteResp>('Streams.Delete'),
    tombstone: unimplemented<TombstoneReq, TombstoneResp>('Streams.Tombstone'),
  };
}

function handleRead(
  call: ServerWritableStream<ReadReq, ReadResp>,
  log: InMemoryLog,
  openCalls: OpenCalls,
): void {
  const options = call.request.getOptions();
  if (!options) throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'read options missing');
  const structuredIds = wantsStructuredIds(options);
  const direction: Direction =
    options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS
      ? 'backwards'
      : 'forwards';
  // `resolve_links` is accepted and ignored: this log has no link events.
  const filter =
    options.getFilterOptionCase() === ReadReq.Options.FilterOptionCase.FILTER
      ? readFilter(options.getFilter())
      : undefined;

  if (options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION) {
    const source = subscriptionSource(options, log, filter);
    let forget = (): void => {};
    const subscription = new Subscription(call, log, source, structuredIds, () => forget());
    forget = openCalls.add(subscription);
    return;
  }

  const count = uint64(options.getCount(), 'count');
  switch (options.getStreamOptionCase()) {
    case ReadReq.Options.StreamOptionCase.STREAM: {
      const streamOptions = options.getStream();
      const stream = streamNameOf(streamOptions?.getStreamIdentifier());
      const events = log.readStream(stream, streamFrom(streamOptions), direction, count);
      if (events === undefined) {
        // What the client turns into its StreamNotFoundError (utils/ReadStream.js).
        call.write(
          new ReadResp().setStreamNotFound(
            new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream)),
          ),
        );
      } else {
        for (const event of events) call.write(readEventResponse(event, structuredIds));
      }
      call.end();
      return;
    }
    case ReadReq.Options.StreamOptionCase.ALL: {
      const events = log.readAll(allFrom(options.getAll()), direction, count, filter?.filter);
      const pace = log.pace;
      if (!pace) {
        for (const event of events) call.write(readEventResponse(event, structuredIds));
        call.end();
        return;
      }
      // Paced like a subscription (`pace()`), so a test can cut a long read of $all too:
      // the catch-up reads pages of the log before it subscribes.
      let sent = 0;
      let ended = false;
      const forget = openCalls.add({
        abort(status) {
          if (ended) return;
          ended = true;
          call.emit('error', status);
        },
      });
      const pump = (): void => {
        if (ended) return;
        const until = Math.min(sent + pace.every, events.length);
        for (; sent < until; sent++) {
          const event = events[sent];
          if (event) call.write(readEventResponse(event, structuredIds));
        }
        if (sent < events.length) {
          setTimeout(pump, pace.delayMs);
          return;
        }
        ended = true;
        forget();
        call.end();
      };
      pump();
      return;
    }
    default:
      throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'read of neither a stream nor $all');
  }
}

function subscriptionSource(
  options: ReadReq.Options,
  log: InMemoryLog,
  filter: { filter: LogFilter; checkpointInterval: number } | undefined,
): SubscriptionSource {
  switch (options.getStreamOptionCase()) {
    case ReadReq.Options.StreamOptionCase.STREAM: {
      const streamOptions = options.getStream();
      const stream = streamNameOf(streamOptions?.getStreamIdentifier());
      // Subscribing to a stream that does not exist yet is fine: it waits for its first
      // event. Server-side filtering is "only available on the `$all` stream", so a
      // filter on a stream subscription is ignored.
      const from = streamFrom(streamOptions);
      return {
        kind: 'stream',
        stream,
        after: from === 'end' ? log.headPosition : undefined,
        ...(typeof from === 'bigint' && { afterRevision: from }),
      };
    }
    case ReadReq.Options.StreamOptionCase.ALL: {
      const from = allFrom(options.getAll());
      return {
        kind: 'all',
        after: from === 'start' ? undefined : from === 'end' ? log.headPosition : from,
        filter: filter && {
          matches: compileFilter(filter.filter),
          checkpointInterval: filter.checkpointInterval,
        },
      };
    }
    default:
      throw new ProtocolError(
        GrpcStatus.INVALID_ARGUMENT,
        'subscription to neither a stream nor $all',
      );
  }
}

function streamFrom(options: ReadReq.Options.StreamOptions | undefined): ReadFrom | bigint {
  switch (options?.getRevisionOptionCase()) {
    case ReadReq.Options.StreamOptions.RevisionOptionCase.REVISION:
      return uint64(options.getRevision(), 'revision');
    case ReadReq.Options.StreamOptions.RevisionOptionCase.END:
      return 'end';
    default:
      return 'start';
  }
}

function allFrom(options: ReadReq.Options.AllOptions | undefined): ReadFrom | LogPosition {
  switch (options?.getAllOptionCase()) {
    case ReadReq.Options.AllOptions.AllOptionCase.POSITION: {
      const position = options.getPosition();
      return {
        commit: uint64(position?.getCommitPosition() ?? '', 'commit position'),
        prepare: uint64(position?.getPreparePosition() ?? '', 'prepare position'),
      };
    }
    case ReadReq.Options.AllOptions.AllOptionCase.END:
      return 'end';
    default:
      return 'start';
  }
}

function readFilter(options: ReadReq.Options.FilterOptions | undefined): {
  filter: LogFilter;
  checkpointInterval: number;
} {
  if (!options) throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'filter missing');
  const on = options.getFilterCase() === ReadReq.Options.FilterOptions.FilterCase.EVENT_TYPE;
  const expression = on ? options.getEventType() : options.getStreamIdentifier();
  if (!expression)
    throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'filter expression missing');
  const filter: LogFilter = {
    on: on ? 'eventType' : 'stream',
    prefixes: expression.getPrefixList(),
    regex: expression.getRegex(),
  };
  try {
    compileFilter(filter);
  } catch (error) {
    throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, `bad filter: ${String(error)}`);
  }
  const window =
    options.getWindowCase() === ReadReq.Options.FilterOptions.WindowCase.MAX
      ? Math.max(1, options.getMax())
      : DEFAULT_SEARCH_WINDOW;
  const multiplier = Math.max(1, options.getCheckpointintervalmultiplier());
  return { filter, checkpointInterval: window * multiplier };
}

function appendExpectation(options: AppendReq.Options): ExpectedState {
  const Case = AppendReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case Case.ANY:
      return { kind: 'any' };
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case Case.REVISION:
      return { kind: 'revision', revision: uint64(options.getRevision(), 'expected revision') };
    default:
      throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'expected revision missing');
  }
}

function batchExpectation(options: BatchAppendReq.Options): ExpectedState {
  const Case = BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case Case.ANY:
      return { kind: 'any' };
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case Case.STREAM_POSITION:
      return {
        kind: 'revision',
        revision: uint64(options.getStreamPosition(), 'expected stream position'),
      };
    default:
      throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'expected stream position missing');
  }
}

/**
 * `AppendResp`: a success with the stream's current revision and the position of the last
 * event, or `wrong_expected_version` with the current revision (or `current_no_stream`)
 * and the expectation, the fields `append.js` turns into a WrongExpectedVersionError.
 * The deprecated 20.6.0 fields are left unset: the client never reads them.
 */
function appendResponse(outcome: AppendOutcome): AppendResp {
  if (outcome.kind === 'success') {
    const success = new AppendResp.Success();
    if (outcome.currentRevision === undefined) success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position === undefined) success.setNoPosition(new Empty());
    else {
      success.setPosition(
        new AppendResp.Position()
          .setCommitPosition(outcome.position.toString())
          .setPreparePosition(outcome.position.toString()),
      );
    }
    return new AppendResp().setSuccess(success);
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(outcome.currentRevision.toString());
  const expected = outcome.expected;
  switch (expected.kind) {
    case 'any':
      wrong.setExpectedAny(new Empty());
      break;
    case 'no_stream':
      wrong.setExpectedNoStream(new Empty());
      break;
    case 'stream_exists':
      wrong.setExpectedStreamExists(new Empty());
      break;
    case 'revision':
      wrong.setExpectedRevision(expected.revision.toString());
      break;
  }
  return new AppendResp().setWrongExpectedVersion(wrong);
}

/**
 * `BatchAppendResp`: a success, or an error `google.rpc.Status` whose details pack an
 * `event_store.client.WrongExpectedVersion` (what `unpackError.js` unpacks by type name).
 * The status code is FAILED_PRECONDITION; the client reads only the details.
 */
function batchAppendResponse(outcome: AppendOutcome): BatchAppendResp {
  if (outcome.kind === 'success') {
    const success = new BatchAppendResp.Success();
    if (outcome.currentRevision === undefined) success.setNoStream(new ProtobufEmpty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position === undefined) success.setNoPosition(new ProtobufEmpty());
    else {
      success.setPosition(
        new AllStreamPosition()
          .setCommitPosition(outcome.position.toString())
          .setPreparePosition(outcome.position.toString()),
      );
    }
    return new BatchAppendResp().setSuccess(success);
  }
  const details = new WrongExpectedVersion();
  if (outcome.currentRevision === undefined) details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(outcome.currentRevision.toString());
  const expected = outcome.expected;
  switch (expected.kind) {
    case 'any':
      details.setExpectedAny(new ProtobufEmpty());
      break;
    case 'no_stream':
      details.setExpectedNoStream(new ProtobufEmpty());
      break;
    case 'stream_exists':
      details.setExpectedStreamExists(new ProtobufEmpty());
      break;
    case 'revision':
      details.setExpectedStreamPosition(expected.revision.toString());
      break;
  }
  return new BatchAppendResp().setError(
    errorStatus(
      Code.FAILED_PRECONDITION,
      'WrongExpectedVersion',
      details.serializeBinary(),
      'event_store.client.WrongExpectedVersion',
    ),
  );
}

/** Echoes the append's expectation in the response's `expected_stream_position`. */
function setBatchExpectation(response: BatchAppendResp, expected: ExpectedState): BatchAppendResp {
  switch (expected.kind) {
    case 'any':
      return response.setAny(new ProtobufEmpty());
    case 'no_stream':
      return response.setNoStream(new ProtobufEmpty());
    case 'stream_exists':
      return response.setStreamExists(new ProtobufEmpty());
    case 'revision':
      return response.setStreamPosition(expected.revision.toString());
  }
}

/** A refused batch: `event_store.client.BadRequest` details, which the client reports as unknown. */
function badRequest(error: unknown): Status {
  const message = error instanceof Error ? error.message : String(error);
  return errorStatus(
    Code.INVALID_ARGUMENT,
    message,
    new BadRequest().setMessage(message).serializeBinary(),
    'event_store.client.BadRequest',
  );
}

function errorStatus(code: Code, message: string, details: Uint8Array, typeName: string): Status {
  const packed = new Any();
  packed.pack(details, typeName);
  return new Status().setCode(code).setMessage(message).setDetails(packed);
}

function toStatus(error: unknown): Partial<StatusObject> {
  if (error instanceof ProtocolError) return error.toStatus();
  return {
    code: GrpcStatus.INTERNAL,
    details: error instanceof Error ? error.message : String(error),
  };
}
