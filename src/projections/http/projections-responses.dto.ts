/*
 * What the operators' projection routes answer, as classes for the OpenAPI document. The
 * runner answers plain objects typed by interfaces, which leave nothing at run time to
 * describe; each class implements its interface, so the compiler refuses a class that
 * drifts from what is actually sent. The Nest swagger plugin's metadata
 * (src/openapi/plugin-metadata.ts, `npm run openapi:metadata`) describes their
 * properties from these types and doc comments; each is named without its `Dto` suffix.
 */
import { ApiSchema } from '@nestjs/swagger';
import type { Position } from '../../event-store/position';
import { ApiPositionToken } from '../../http/api-position';
import type { ProjectionReport, ProjectionReportList } from '../projection-report';
import type {
  ProjectionFailure,
  ProjectionLag,
  ProjectionRetry,
  ProjectionState,
  ProjectionStatus,
  RebuildProgress,
  SkippedEvent,
} from '../projection-runner';

/** The event a projection failed on. */
@ApiSchema({ name: 'ProjectionFailure' })
export class ProjectionFailureDto implements ProjectionFailure {
  /** Which generation failed: the live one, or the one a rebuild fills. */
  readonly feed!: 'live' | 'rebuild';
  readonly message!: string;
  @ApiPositionToken() readonly position!: Position;
  readonly eventId!: string;
  readonly type!: string;
  readonly stream!: string;
  readonly at!: string;
}

/** A commit the storage refused for now (a full disk), tried again with backoff. */
@ApiSchema({ name: 'ProjectionRetry' })
export class ProjectionRetryDto implements ProjectionRetry {
  /** Which generation waits: the live one, or the one a rebuild fills. */
  readonly feed!: 'live' | 'rebuild';
  /** SQLite's result code, e.g. `SQLITE_FULL`. */
  readonly code!: string;
  readonly message!: string;
  /** Failed tries so far. */
  readonly attempts!: number;
  /** When the first try failed. */
  readonly since!: string;
  readonly nextAttemptAt!: string;
}

@ApiSchema({ name: 'RebuildProgress' })
export class RebuildProgressDto implements RebuildProgress {
  readonly version!: number;
  readonly generation!: number;
  /** Events applied so far. */
  readonly done!: number;
  readonly total!: number | null;
  readonly ratePerSecond!: number | null;
  readonly etaSeconds!: number | null;
  readonly startedAt!: string | null;
  @ApiPositionToken(true) readonly checkpoint!: Position | null;
}

/** An event an operator skipped, and why. */
@ApiSchema({ name: 'SkippedEvent' })
export class SkippedEventDto implements SkippedEvent {
  readonly position!: string;
  readonly eventId!: string;
  readonly type!: string;
  readonly stream!: string;
  readonly error!: string;
  readonly reason!: string;
  readonly skippedAt!: string;
}

@ApiSchema({ name: 'ProjectionLag' })
export class ProjectionLagDto implements ProjectionLag {
  /** Events of the projection's part of the log it has not applied yet. */
  readonly events!: number;
  /** How long the oldest of them has waited, by recorded time (null when it cannot be read). */
  readonly seconds!: number | null;
}

@ApiSchema({ name: 'ProjectionStatus' })
export class ProjectionStatusDto implements ProjectionStatus {
  readonly name!: string;
  /** The version of the generation queries read. */
  readonly version!: number;
  /** The version this code builds; differs from `version` until a rebuild swaps in. */
  readonly codeVersion!: number;
  readonly generation!: number;
  readonly state!: ProjectionState;
  /** The position of the last event the live generation applied, or null before the first. */
  @ApiPositionToken(true) readonly checkpoint!: Position | null;
  readonly lastError!: ProjectionFailureDto | null;
  /** While a storage fault holds the projection back: what failed, and when it is tried next. */
  readonly retrying!: ProjectionRetryDto | null;
  readonly rebuild!: RebuildProgressDto | null;
  readonly skipped!: SkippedEventDto[];
}

/** A projection's status with how far it is behind the log (null while stopped). */
@ApiSchema({ name: 'ProjectionReport' })
export class ProjectionReportDto extends ProjectionStatusDto implements ProjectionReport {
  readonly lag!: ProjectionLagDto | null;
}

@ApiSchema({ name: 'ProjectionReportList' })
export class ProjectionReportListDto implements ProjectionReportList {
  readonly items!: ProjectionReportDto[];
}
