/**
 * The actors capability's public face: what the other capabilities and the application
 * may use of it. Anything not named here is its own business.
 */
import { actorsProjection } from './get-actors/actors.projection';

export { ActorsModule } from './actors.module';
export { ACTOR_EVENT_TYPES } from './domain/actor-event-types';
export { ActorDirectory, type ActorView, type MembershipSpan } from './get-actors/actor-directory';
export { IsActorId } from './http/actor-id.validators';
export { RegisterActorCommand } from './register-actor/register-actor.command';
export { AffiliateActorCommand } from './affiliate-actor/affiliate-actor.command';

/** The read models this capability keeps (run by the projection engine). */
export const ACTOR_PROJECTIONS = [actorsProjection] as const;
