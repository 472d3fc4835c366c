import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import type { ActorKind, ActorProfile } from '../../actors/domain/actor';
import type { ActorMap, DatasetActor } from './dataset-row';
import { skipRow } from './row-fields';

/**
 * When an actor a dataset places below a country starts to belong to it. The datasets
 * say nothing of it, and the affiliation must be the same on every row (an importer
 * registers it once, and registering the same affiliation again adds nothing), so it is
 * one fixed instant before any event the datasets hold (GDELT 1.0 starts in 1979).
 */
export const DATASET_AFFILIATION_FROM = '1900-01-01T00:00:00Z';

/** An actor of a row, resolved: the id the record names, and the actors to register for it. */
export interface ResolvedActor {
  readonly id: string;
  readonly actors: readonly DatasetActor[];
}

/** The actor map's actor: an existing parley actor, nothing to register. */
export function mappedActor(
  actorMap: ActorMap | undefined,
  key: string,
): ResolvedActor | undefined {
  const id = actorMap?.get(key);
  return id === undefined ? undefined : { id, actors: [] };
}

/** A state actor on its own. */
export function stateOnly(state: ActorProfile): ResolvedActor {
  return { id: state.id, actors: [{ profile: state }] };
}

/**
 * An actor that belongs to no country the dataset names (a region, an international
 * organisation, an actor coded without a country): itself, affiliated to nothing, and
 * its region's actor first when it is below one.
 */
export function ownActor(
  actor: {
    readonly id: string;
    readonly name: string;
    readonly kind: ActorKind;
    readonly alias: string;
  },
  region?: ActorProfile,
): ResolvedActor {
  const profile: ActorProfile = {
    id: actor.id,
    name: actor.name,
    kind: actor.kind,
    aliases: [actor.alias],
  };
  if (!region || region.id === actor.id) return { id: actor.id, actors: [{ profile }] };
  return {
    id: actor.id,
    actors: [
      { profile: region },
      { profile, affiliation: { parent: region.id, from: DATASET_AFFILIATION_FROM } },
    ],
  };
}

/**
 * An actor below a country (`usa-gov`, `bgd-foreign-affairs`, `vladimir-putin`): its
 * country's state actor, then itself with its affiliation to it.
 */
export function belowState(
  state: ActorProfile,
  actor: {
    readonly id: string;
    readonly name: string;
    readonly kind: ActorKind;
    readonly alias: string;
    readonly country?: string;
  },
  role?: string,
): ResolvedActor {
  const profile: ActorProfile = {
    id: actor.id,
    name: actor.name,
    kind: actor.kind,
    aliases: [actor.alias],
    ...(actor.country === undefined ? {} : { country: actor.country }),
  };
  return {
    id: actor.id,
    actors: [
      { profile: state },
      {
        profile,
        affiliation: {
          parent: state.id,
          from: DATASET_AFFILIATION_FROM,
          ...(role === undefined || role === '' ? {} : { role }),
        },
      },
    ],
  };
}

/**
 * An actor id (ACTOR_ID_PATTERN) from words: transliterated to ASCII where Unicode
 * decomposes the letter (`Erdoğan` → `erdogan`), lower case, runs of anything else one
 * hyphen. Skips the row (`unnamed-actor`) when nothing is left.
 */
export function actorSlug(...words: readonly string[]): string {
  const slug = words
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ACTOR_ID_PATTERN.test(slug) ? slug : skipRow('unnamed-actor');
}
