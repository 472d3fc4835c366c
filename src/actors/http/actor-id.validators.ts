import { Matches } from 'class-validator';
import { ACTOR_ID_PATTERN } from '../../common/actor-id';

/**
 * An actor id as a request names it (a slug such as `donald-trump`). It lives with the
 * actors rather than with the generic validators of src/http, which may not know what an
 * actor is; other capabilities' DTOs take it from the actors' public face (../index.ts).
 */
export function IsActorId(): PropertyDecorator {
  return Matches(ACTOR_ID_PATTERN, {
    message: '$property must be an actor id slug such as donald-trump',
  });
}
