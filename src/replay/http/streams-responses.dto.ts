/*
 * What `GET /streams/{stream}/events` answers, as classes for the OpenAPI document. Each
 * implements the interface the replay service answers, so the compiler refuses a class
 * that drifts from what is actually sent; the Nest swagger plugin's metadata
 * (src/openapi/plugin-metadata.ts, `npm run openapi:metadata`) describes their
 * properties from these types and doc comments; each is named without its `Dto` suffix.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EventMetadata } from '../../event-store/event-store.port';
import type { EventView } from '../event-view';
import type { StreamPage } from '../replay.service';

@ApiSchema({ name: 'AssistedMetadata' })
export class AssistedMetadataDto {
  /** The suggestion (`GET /coding/suggestions/{id}`) the record was accepted from. */
  readonly suggestionId!: string;
  /** The record fields the recorder edited before accepting. */
  readonly changed!: string[];
}

@ApiSchema({ name: 'EventMetadata' })
export class EventMetadataDto implements EventMetadata {
  /** The version of the data's shape; reads upcast older versions to the current one. */
  readonly schemaVersion!: number;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Who wrote it: the API key's name. */
  readonly principal?: string;
  /** The W3C trace context of the request that wrote it (`00-<trace id>-<span id>-<flags>`). */
  readonly traceparent?: string;
  /**
   * Set on a record accepted from an assisted-coding suggestion: which suggestion, and the
   * fields the recorder changed (`[]` when accepted as suggested).
   */
  readonly assisted?: AssistedMetadataDto;
}

/** An event as it is stored. */
@ApiSchema({ name: 'EventView' })
export class EventViewDto implements EventView {
  /** A UUID. */
  readonly id!: string;
  /** `StatementRecorded`, `RecordCorrected`, `ActorRegistered`, ...: see `GET /schemas`. */
  readonly type!: string;
  readonly stream!: string;
  /** The event's place in its stream, from 0. */
  readonly revision!: number;
  /** The event's place in the global log: an opaque token to resume from (`from=`). */
  readonly position!: string;
  /** When the store recorded it (ISO 8601, UTC). */
  readonly recordedAt!: string;
  /** The event's data, as its type's schema (`GET /schemas/{type}.json`) describes it. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  readonly data!: unknown;
  readonly metadata!: EventMetadataDto;
}

@ApiSchema({ name: 'StreamPage' })
export class StreamPageDto implements StreamPage {
  readonly items!: EventViewDto[];
  /** The `fromRevision` of the next page, or null after the last one. */
  readonly nextCursor!: string | null;
}
