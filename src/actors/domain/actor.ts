import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import { canonicalJson } from '../../common/canonical-json';
import { Conflict, NotFound, Refused } from '../../common/domain-error';

export const ACTOR_KINDS = [
  'person',
  'office',
  'government',
  'state',
  'organisation',
  'coalition',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export { ACTOR_ID_PATTERN };

export interface ActorProfile {
  readonly id: string;
  readonly name: string;
  readonly kind: ActorKind;
  readonly aliases: readonly string[];
  /** ISO 3166-1 alpha-3, where the actor has one. */
  readonly country?: string;
}

/** `actor` belongs to, speaks for or heads `parent` during [from, to). */
export interface Affiliation {
  readonly actor: string;
  readonly parent: string;
  /** ISO 8601 instant, inclusive. */
  readonly from: string;
  /** ISO 8601 instant, exclusive; absent while it lasts. */
  readonly to?: string;
  readonly role?: string;
}

export type ActorEvent =
  | { readonly type: 'ActorRegistered'; readonly data: ActorProfile }
  | { readonly type: 'ActorAffiliated'; readonly data: Affiliation };

export type ActorEventType = ActorEvent['type'];

export interface ActorState {
  readonly profile?: ActorProfile;
  readonly affiliations: readonly Affiliation[];
}

export const initialActorState: ActorState = { affiliations: [] };

export type ActorCommand =
  | { readonly type: 'RegisterActor'; readonly profile: ActorProfile }
  | {
      readonly type: 'AffiliateActor';
      readonly affiliation: Affiliation;
      /** The parent's ancestors now, to refuse a cycle. */
      readonly parentAncestors: readonly string[];
    };

export function evolveActor(state: ActorState, event: ActorEvent): ActorState {
  switch (event.type) {
    case 'ActorRegistered':
      return { ...state, profile: event.data };
    case 'ActorAffiliated':
      return { ...state, affiliations: [...state.affiliations, event.data] };
  }
}

/** Decides what a command on one actor's stream records; an empty list means "already so". */
export function decideActor(state: ActorState, command: ActorCommand): ActorEvent[] {
  switch (command.type) {
    case 'RegisterActor': {
      if (!state.profile) return [{ type: 'ActorRegistered', data: command.profile }];
      if (canonicalJson(state.profile) === canonicalJson(command.profile)) return [];
      throw new Conflict(
        'actor-exists',
        `Actor "${command.profile.id}" is already registered with other details`,
        'id',
      );
    }
    case 'AffiliateActor': {
      const { affiliation } = command;
      if (!state.profile)
        throw new NotFound(`No actor is registered with id "${affiliation.actor}"`);
      if (
        affiliation.parent === affiliation.actor ||
        command.parentAncestors.includes(affiliation.actor)
      ) {
        throw new Refused(
          'affiliation-cycle',
          `"${affiliation.actor}" cannot belong to "${affiliation.parent}": that would make a cycle`,
          'parent',
        );
      }
      if (
        affiliation.to !== undefined &&
        Date.parse(affiliation.to) <= Date.parse(affiliation.from)
      ) {
        throw new Refused('empty-interval', '"to" must be after "from"', 'to');
      }
      const same = state.affiliations.some((a) => canonicalJson(a) === canonicalJson(affiliation));
      return same ? [] : [{ type: 'ActorAffiliated', data: affiliation }];
    }
  }
}

export function actorStream(actorId: string): string {
  return `actor-${actorId}`;
}
