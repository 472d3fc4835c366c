import type { ProjectionLag, ProjectionStatus } from './projection-runner';

/** A projection's status with how far it is behind the log (null while stopped). */
export interface ProjectionReport extends ProjectionStatus {
  readonly lag: ProjectionLag | null;
}

export interface ProjectionReportList {
  readonly items: ProjectionReport[];
}
