/*
 * What the orchestrators' health routes answer, as classes for the OpenAPI document. Each
 * implements the interface the controller answers, so the compiler refuses a class that
 * drifts from what is actually sent; the Nest swagger plugin's metadata
 * (src/openapi/plugin-metadata.ts, `npm run openapi:metadata`) describes their
 * properties from these types and doc comments; each is named without its `Dto` suffix.
 */
import { ApiSchema } from '@nestjs/swagger';
import type { ProjectionState } from '../projections/projection-runner';
import {
  ProjectionFailureDto,
  ProjectionLagDto,
} from '../projections/http/projections-responses.dto';
import type { Liveness, ProjectionReadiness, Readiness } from './readiness';

@ApiSchema({ name: 'Liveness' })
export class LivenessDto implements Liveness {
  readonly status!: 'live';
}

@ApiSchema({ name: 'ProjectionReadiness' })
export class ProjectionReadinessDto implements ProjectionReadiness {
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
