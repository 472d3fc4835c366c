import { deciderSpec } from '../../../test/support/decider-spec';
import { Conflict, NotFound, Refused } from '../../common/domain-error';
import {
  actorStream,
  decideActor,
  evolveActor,
  initialActorState,
  type ActorCommand,
  type ActorEvent,
  type ActorProfile,
  type Affiliation,
} from './actor';

const trump: ActorProfile = {
  id: 'donald-trump',
  name: 'Donald Trump',
  kind: 'person',
  aliases: ['Trump', 'POTUS'],
  country: 'USA',
};

const presidency: Affiliation = {
  actor: 'donald-trump',
  parent: 'usa',
  from: '2025-01-20T17:00:00Z',
  role: 'president',
};

const registered: ActorEvent = { type: 'ActorRegistered', data: trump };

/** Given these events on the actor's stream, when the command is decided, then … */
const { given } = deciderSpec({
  decide: decideActor,
  evolve: evolveActor,
  initialState: initialActorState,
});

const affiliate = (affiliation: Affiliation, parentAncestors: string[] = []): ActorCommand => ({
  type: 'AffiliateActor',
  affiliation,
  parentAncestors,
});

describe('actor: registration', () => {
  it('registers a new actor', () => {
    given([]).when({ type: 'RegisterActor', profile: trump }).then([registered]);
  });

  it('takes the same profile again, keys in another order, as already registered', () => {
    const sameProfile: ActorProfile = {
      country: 'USA',
      aliases: ['Trump', 'POTUS'],
      kind: 'person',
      name: 'Donald Trump',
      id: 'donald-trump',
    };
    given([registered]).when({ type: 'RegisterActor', profile: sameProfile }).thenNothing();
  });

  it('refuses a different profile under an id already taken (409)', () => {
    given([registered])
      .when({ type: 'RegisterActor', profile: { ...trump, name: 'Donald J. Trump' } })
      .thenRefuses(Conflict, 'actor-exists', 'id');
  });
});

describe('actor: affiliations', () => {
  it('records an affiliation and keeps it in state', () => {
    const state = given([registered])
      .when(affiliate(presidency, ['nato']))
      .then([{ type: 'ActorAffiliated', data: presidency }]);
    expect(state.affiliations).toEqual([presidency]);
  });

  it('answers an affiliation of an unregistered actor with not found (404)', () => {
    given([]).when(affiliate(presidency)).thenRefuses(NotFound, 'not-found');
  });

  it('refuses an actor as its own parent', () => {
    given([registered])
      .when(affiliate({ ...presidency, parent: 'donald-trump' }))
      .thenRefuses(Refused, 'affiliation-cycle', 'parent');
  });

  it('refuses a parent whose ancestors include the actor', () => {
    // usa → donald-trump already holds, so donald-trump → usa would close a loop.
    given([registered])
      .when(affiliate(presidency, ['g7', 'donald-trump']))
      .thenRefuses(Refused, 'affiliation-cycle', 'parent');
  });

  it.each([
    ['equal to', '2025-01-20T17:00:00Z'],
    ['before', '2021-01-20T17:00:00Z'],
    // the same instant in another offset is not after it either
    ['the same instant as', '2025-01-20T12:00:00-05:00'],
  ])('refuses "to" %s "from" (422)', (_how, to) => {
    given([registered])
      .when(affiliate({ ...presidency, to }))
      .thenRefuses(Refused, 'empty-interval', 'to');
  });

  it('accepts "to" one second after "from"', () => {
    const brief: Affiliation = { ...presidency, to: '2025-01-20T17:00:01Z' };
    given([registered])
      .when(affiliate(brief))
      .then([{ type: 'ActorAffiliated', data: brief }]);
  });

  it('records the same affiliation only once', () => {
    given([registered, { type: 'ActorAffiliated', data: presidency }])
      .when(
        affiliate({
          role: 'president',
          from: presidency.from,
          parent: 'usa',
          actor: 'donald-trump',
        }),
      )
      .thenNothing();
  });

  it('records a second term as a new affiliation', () => {
    const firstTerm: Affiliation = {
      ...presidency,
      from: '2017-01-20T17:00:00Z',
      to: '2021-01-20T17:00:00Z',
    };
    given([registered, { type: 'ActorAffiliated', data: firstTerm }])
      .when(affiliate(presidency))
      .then([{ type: 'ActorAffiliated', data: presidency }]);
  });
});

describe('actorStream', () => {
  it('names the actor stream', () => {
    expect(actorStream('kremlin')).toBe('actor-kremlin');
  });
});
