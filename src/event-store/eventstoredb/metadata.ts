import type { EventMetadata, NewEvent } from '../event-store.port';

/**
 * Where an event's subject (NewEvent.subject) rides in EventStoreDB's metadata, which
 * has no field of its own for it; it is taken out again on read.
 */
const SUBJECT_KEY = 'parleySubject';

/**
 * parley's metadata as EventStoreDB stores it: the correlation and causation ids under
 * `$correlationId` and `$causationId`, the names EventStoreDB's own projections (and
 * `$by_correlation_id`) read; the subject under {@link SUBJECT_KEY}; everything else as
 * it is.
 */
export function toEventStoreDbMetadata(
  event: Pick<NewEvent, 'metadata' | 'subject'>,
): Record<string, unknown> {
  const { correlationId, causationId, ...rest } = event.metadata;
  return {
    ...rest,
    ...(correlationId === undefined ? {} : { $correlationId: correlationId }),
    ...(causationId === undefined ? {} : { $causationId: causationId }),
    ...(event.subject === undefined ? {} : { [SUBJECT_KEY]: event.subject }),
  };
}

/** The metadata and subject of a stored event, as {@link toEventStoreDbMetadata} wrote them. */
export function fromEventStoreDbMetadata(stored: unknown): {
  metadata: EventMetadata;
  subject?: string;
} {
  const raw =
    stored instanceof Uint8Array
      ? (JSON.parse(Buffer.from(stored).toString('utf8')) as unknown)
      : stored;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { metadata: { schemaVersion: 1 } };
  const {
    $correlationId,
    $causationId,
    [SUBJECT_KEY]: subject,
    ...rest
  } = raw as Record<string, unknown>;
  return {
    metadata: {
      schemaVersion: 1,
      ...rest,
      ...(typeof $correlationId === 'string' ? { correlationId: $correlationId } : {}),
      ...(typeof $causationId === 'string' ? { causationId: $causationId } : {}),
    },
    ...(typeof subject === 'string' ? { subject } : {}),
  };
}
