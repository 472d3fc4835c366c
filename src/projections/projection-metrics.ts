import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../observability/metrics';
import type { ProjectionRunner, ProjectionState } from './projection-runner';

/** Every state, so that a projection's series for the states it is not in read 0 (not absent). */
const PROJECTION_STATES = Object.keys({
  starting: true,
  live: true,
  rebuilding: true,
  retrying: true,
  failed: true,
  stopped: true,
  standby: true,
} satisfies Record<ProjectionState, true>) as ProjectionState[];

/**
 * The projections' gauges, read at scrape time from what the runner already keeps (its
 * lag and state): nothing on the apply path changes.
 */
export function registerProjectionMetrics(metrics: Metrics, runner: ProjectionRunner): void {
  const registers = [metrics.registry];

  // A lag that cannot be read (the store is down) leaves the series out of this scrape.
  // Both lag gauges read it in the same scrape: count the log once, not twice.
  const lags = new Map<string, { at: number; lag: ReturnType<typeof readLag> }>();
  const readLag = (name: string) => runner.lag(name).catch(() => undefined);
  const lagOf = (name: string): ReturnType<typeof readLag> => {
    const now = Date.now();
    const cached = lags.get(name);
    if (cached && now - cached.at < 1_000) return cached.lag;
    const lag = readLag(name);
    lags.set(name, { at: now, lag });
    return lag;
  };

  new Gauge({
    name: 'parley_projection_lag_events',
    help: "Events of the projection's part of the log that its live generation has not applied.",
    labelNames: ['projection'] as const,
    registers,
    async collect() {
      this.reset();
      for (const { name } of runner.status()) {
        const lag = await lagOf(name);
        if (lag) this.set({ projection: name }, lag.events);
      }
    },
  });

  new Gauge({
    name: 'parley_projection_lag_seconds',
    help: 'How long the oldest event the projection has not applied has waited, by recorded time.',
    labelNames: ['projection'] as const,
    registers,
    async collect() {
      this.reset();
      for (const { name } of runner.status()) {
        const lag = await lagOf(name);
        if (lag?.seconds !== null && lag?.seconds !== undefined)
          this.set({ projection: name }, lag.seconds);
      }
    },
  });

  new Gauge({
    name: 'parley_projection_state',
    help: "1 for the projection's current state, 0 for the others.",
    labelNames: ['projection', 'state'] as const,
    registers,
    collect() {
      for (const { name, state } of runner.status())
        for (const candidate of PROJECTION_STATES)
          this.set({ projection: name, state: candidate }, candidate === state ? 1 : 0);
    },
  });

  new Counter({
    name: 'parley_events_applied_total',
    help: "Events this process applied to each projection's read models (a rebuild's included).",
    labelNames: ['projection'] as const,
    registers,
    collect() {
      // The runner keeps the running total; the counter reports it as it stands.
      this.reset();
      for (const { name } of runner.status()) this.inc({ projection: name }, runner.applied(name));
    },
  });
}
