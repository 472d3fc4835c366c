import { ACTOR_PROJECTIONS } from '../actors';
import type { AppConfig } from '../config/config';
import type { Projection } from '../projections/projection';
import { RECORD_PROJECTIONS, recordProjections } from '../records';

/** Every projection the service runs: each capability's, combined here and only here. */
export const PARLEY_PROJECTIONS: readonly Projection[] = [
  ...ACTOR_PROJECTIONS,
  ...RECORD_PROJECTIONS,
];

/** The same, under the configuration's rules (PARLEY_SAME_EVENT). */
export function parleyProjections(
  config: Pick<AppConfig, 'PARLEY_SAME_EVENT'>,
): readonly Projection[] {
  return [...ACTOR_PROJECTIONS, ...recordProjections(config.PARLEY_SAME_EVENT)];
}
