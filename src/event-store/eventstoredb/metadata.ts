import type { EventMetadata, NewEventMetadata } from '../event-store.port';

/**
 * parley's metadata as EventStoreDB stores it: the correlation and causation ids under
 * `$correlationId` and `$causationId`, the names EventStoreDB's own projections (and
 * `$by_correlation_id`) read; everything else as it is.
 */
export function toEventStoreDbMetadata(metadata: NewEventMetadata): Record<string, unknown> {
  const { correlationId, causationId, ...rest } = metadata;
  return {
    ...rest,
    ...(correlationId === undefined ? {} : { $correlationId: correlationId }),
    ...(causationId === undefined ? {} : { $causationId: causationId }),
  };
}

export function fromEventStoreDbMetadata(stored: unknown): EventMetadata {
  const raw =
    stored instanceof Uint8Array
      ? (JSON.parse(Buffer.from(stored).toString('utf8')) as unknown)
      : stored;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { schemaVersion: 1 };
  const { $correlationId, $causationId, ...rest } = raw as Record<string, unknown>;
  return {
    schemaVersion: 1,
    ...rest,
    ...(typeof $correlationId === 'string' ? { correlationId: $correlationId } : {}),
    ...(typeof $causationId === 'string' ? { causationId: $causationId } : {}),
  };
}
