/**
 * Conversions between the wire messages `@kurrent/kurrentdb-client` ships (generated from
 * EventStoreDB's protos) and the log's plain values.
 */
import { Metadata, status as GrpcStatus, type StatusObject } from '@grpc/grpc-js';
import {
  StreamIdentifier,
  UUID,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import {
  ReadReq,
  ReadResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import type { ContentType, ProposedEvent, StoredEvent } from './log';

/**
 * How many calls each served method has taken, so a test can tell which RPC the client
 * chose (e.g. that appends go through `BatchAppend`).
 */
export interface CallCounts {
  getSupportedMethods: number;
  read: number;
  append: number;
  batchAppend: number;
}

export function noCalls(): CallCounts {
  return { getSupportedMethods: 0, read: 0, append: 0, batchAppend: 0 };
}

/** The proposed message shape `AppendReq` and `BatchAppendReq` share. */
interface WireProposedMessage {
  hasId(): boolean;
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

/** A request the server refuses: its gRPC status, as the real server would send it. */
export class ProtocolError extends Error {
  constructor(
    readonly code: GrpcStatus,
    message: string,
    readonly trailers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ProtocolError';
  }

  toStatus(): Partial<StatusObject> {
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(this.trailers)) metadata.set(key, value);
    return { code: this.code, details: this.message, metadata };
  }
}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  if (!identifier)
    throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'stream identifier missing');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(stream: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(stream, 'utf8')));
}

/** A UUID message as text, whichever of its two encodings the client chose. */
export function uuidText(uuid: UUID | undefined): string {
  if (!uuid) throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'event id missing');
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured();
  if (!structured) throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'event id empty');
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
  bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
  const hex = bytes.toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

/** A UUID message in the encoding the reader asked for (`ReadReq.Options.uuid_option`). */
export function uuidMessage(id: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) return uuid.setString(id);
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  return uuid.setStructured(
    new UUID.Structured()
      .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
      .setLeastSignificantBits(bytes.readBigInt64BE(8).toString()),
  );
}

/**
 * A proposed message as the log's event. EventStoreDB requires the `type` and
 * `content-type` metadata entries and refuses the append otherwise
 * (`RequiredMetadataPropertyMissing`, which the client maps from these trailers); any
 * content type but JSON is stored as binary, as the server's `IsJson` flag does.
 */
export function proposedEvent(message: WireProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined || contentType === undefined) {
    throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, 'Required metadata properties missing', {
      exception: 'missing-required-metadata-property',
      'required-metadata-properties': 'type,content-type',
    });
  }
  return {
    id: uuidText(message.hasId() ? message.getId() : undefined),
    type,
    contentType: asContentType(contentType),
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function asContentType(contentType: string): ContentType {
  return contentType === 'application/json' ? 'application/json' : 'application/octet-stream';
}

/** Parses a uint64 sent as a decimal string (the client's jstype=JS_STRING fields). */
export function uint64(text: string, what: string): bigint {
  if (!/^\d+$/.test(text)) {
    throw new ProtocolError(GrpcStatus.INVALID_ARGUMENT, `${what} is not a uint64: ${text}`);
  }
  return BigInt(text);
}

/**
 * One recorded event as `ReadResp.event`, field for field as the server fills it: the
 * stream revision, both log positions, the `type`, `content-type` and `created` (ticks
 * since the Unix epoch) metadata entries, the data and the custom metadata; no link, and
 * the commit position on the envelope too.
 */
export function readEventResponse(event: StoredEvent, structuredIds: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.toString())
    .setPreparePosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.created.toString());
  return new ReadResp().setEvent(
    new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.toString()),
  );
}

/** Whether the reader asked for structured UUIDs (the Node client asks for strings). */
export function wantsStructuredIds(options: ReadReq.Options): boolean {
  return (
    options.getUuidOption()?.getContentCase() === ReadReq.Options.UUIDOption.ContentCase.STRUCTURED
  );
}
