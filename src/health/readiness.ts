import type { ProjectionLag, ProjectionStatus } from '../projections/projection-runner';

/** `GET /health/live`: the process answers. */
export interface Liveness {
  readonly status: 'live';
}

/** `GET /health/ready`: whether this instance can serve, and why not. */
export interface Readiness {
  readonly status: 'ready' | 'unavailable';
  readonly store: 'up' | 'down';
  readonly projections: readonly ProjectionReadiness[];
}

export interface ProjectionReadiness extends Pick<
  ProjectionStatus,
  'name' | 'state' | 'lastError'
> {
  /** How far the live generation is behind the log; null when it cannot be read. */
  readonly lag: ProjectionLag | null;
}
