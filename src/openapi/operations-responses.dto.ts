/*
 * The shapes the operators' and orchestrators' reads answer with (a stream's events,
 * health, the event schemas' index), as classes for the OpenAPI document; see
 * responses.dto.ts for why classes and how they are described. Where the controller
 * declares its answer inline, the class implements the controller method's return type.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EventMetadata } from '../event-store/event-store.port';
import type { SchemaIndexEntry } from '../feeds/schemas/schema-catalog';
import type { SchemasController } from '../feeds/schemas/schemas.controller';
import type { HealthController } from '../health/health.controller';
import type { ProjectionState } from '../projections/projection-runner';
import type { EventView } from '../replay/event-view';
import type { StreamPage } from '../replay/replay.service';
import { ProjectionFailureDto, ProjectionLagDto } from './responses.dto';

type Readiness = Awaited<ReturnType<HealthController['ready']>>;

@ApiSchema({ name: 'EventMetadata' })
export class EventMetadataDto implements EventMetadata {
  /** The version of the data's shape; reads upcast older versions to the current one. */
  readonly schemaVersion!: number;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Who wrote it: the API key's name. */
  readonly principal?: string;
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

@ApiSchema({ name: 'Liveness' })
export class LivenessDto implements ReturnType<HealthController['live']> {
  readonly status!: 'live';
}

@ApiSchema({ name: 'ProjectionReadiness' })
export class ProjectionReadinessDto implements Readonly<Readiness['projections'][number]> {
  readonly name!: string;
  readonly state!: ProjectionState;
  readonly lastError!: ProjectionFailureDto | null;
  /** How far the live generation is behind the log; null when it cannot be read. */
  readonly lag!: ProjectionLagDto | null;
}

/** Sent with 200 when ready, 503 when not. */
@ApiSchema({ name: 'Readiness' })
export class ReadinessDto implements Readiness {
  readonly status!: 'ready' | 'unavailable';
  readonly store!: 'up' | 'down';
  readonly projections!: ProjectionReadinessDto[];
}

/** One event type whose data has a schema. */
@ApiSchema({ name: 'SchemaIndexEntry' })
export class SchemaIndexEntryDto implements SchemaIndexEntry {
  /** The event type, e.g. `ThreatIssued`. */
  readonly type!: string;
  /** The CloudEvents `type` the feeds deliver this event type as. */
  readonly cloudEventType!: string;
  readonly schemaVersion!: number;
  /** Where its schema is served; the feeds' `dataschema`. */
  readonly url!: string;
}

@ApiSchema({ name: 'SchemaIndex' })
export class SchemaIndexDto implements ReturnType<SchemasController['index']> {
  readonly items!: SchemaIndexEntryDto[];
  /** Always null: every schema is on the one page. */
  @ApiProperty({ type: 'string', nullable: true })
  readonly nextCursor!: null;
}
