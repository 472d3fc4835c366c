import { ACTOR_PROJECTIONS } from '../actors';
import type { Projection } from '../projections/projection';
import { RECORD_PROJECTIONS } from '../records';

/** Every projection the service runs: each capability's, combined here and only here. */
export const PARLEY_PROJECTIONS: readonly Projection[] = [
  ...ACTOR_PROJECTIONS,
  ...RECORD_PROJECTIONS,
];
