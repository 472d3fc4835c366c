import { inStream } from '../../../test/support/events';
import { projectionSpec } from '../../../test/support/projection-spec';
import { dyadStream } from '../../records/domain/dyad';
import { actorStream, type ActorEvent, type ActorProfile, type Affiliation } from '../domain/actor';
import { ActorDirectory } from './actor-directory';
import { actorsProjection, type AffiliationRow } from './actors.projection';

const { given } = projectionSpec(actorsProjection);

const usa: ActorProfile = {
  id: 'usa',
  name: 'United States',
  kind: 'state',
  aliases: ['US', 'United States of America'],
  country: 'USA',
};
const usGovernment: ActorProfile = {
  id: 'us-government',
  name: 'US federal government',
  kind: 'government',
  aliases: [],
  country: 'USA',
};
const trump: ActorProfile = {
  id: 'donald-trump',
  name: 'Donald Trump',
  kind: 'person',
  aliases: ['Trump', 'POTUS'],
};

const firstTerm: Affiliation = {
  actor: 'donald-trump',
  parent: 'us-government',
  from: '2017-01-20T17:00:00Z',
  to: '2021-01-20T17:00:00Z',
  role: 'president',
};
const secondTerm: Affiliation = {
  actor: 'donald-trump',
  parent: 'us-government',
  from: '2025-01-20T17:00:00Z',
  role: 'president',
};
const governs: Affiliation = {
  actor: 'us-government',
  parent: 'usa',
  from: '1789-03-04T00:00:00Z',
};

/** An actor event on the stream of the actor it is about. */
const onStream = (event: ActorEvent, recordedAt?: string) =>
  inStream(
    actorStream(event.type === 'ActorRegistered' ? event.data.id : event.data.actor),
    event,
    recordedAt,
  );
const registered = (profile: ActorProfile, recordedAt?: string) =>
  onStream({ type: 'ActorRegistered', data: profile }, recordedAt);
const affiliated = (affiliation: Affiliation, recordedAt?: string) =>
  onStream({ type: 'ActorAffiliated', data: affiliation }, recordedAt);

const everyone = [registered(usa), registered(usGovernment), registered(trump)];

describe('actors projection: registration', () => {
  it('keeps a registered actor with its aliases, its country and when it was recorded', () => {
    given([])
      .when([registered(usa, '2025-06-01T09:30:00Z')])
      .then(({ db, rows }) => {
        expect(rows('SELECT * FROM actors')).toEqual([
          {
            id: 'usa',
            name: 'United States',
            kind: 'state',
            aliases: '["US","United States of America"]',
            country: 'USA',
            registered_at: '2025-06-01T09:30:00.000Z',
          },
        ]);
        expect(new ActorDirectory(db).get('usa')).toEqual({
          ...usa,
          affiliations: [],
          registeredAt: '2025-06-01T09:30:00.000Z',
        });
      });
  });

  it('reads an actor without a country back without one', () => {
    given([])
      .when([registered(trump)])
      .then(({ db, rows }) => {
        expect(rows('SELECT country FROM actors')).toEqual([{ country: null }]);
        const view = new ActorDirectory(db).get('donald-trump');
        expect(view).not.toHaveProperty('country');
        expect(view?.aliases).toEqual(['Trump', 'POTUS']);
      });
  });

  it('lists actors by id, of one kind when asked', () => {
    given([])
      .when(everyone)
      .then(({ db }) => {
        const directory = new ActorDirectory(db);
        expect(directory.list({ limit: 10 }).map((a) => a.id)).toEqual([
          'donald-trump',
          'us-government',
          'usa',
        ]);
        expect(directory.list({ kind: 'state', limit: 10 }).map((a) => a.id)).toEqual(['usa']);
        expect(directory.exists('kremlin')).toBe(false);
      });
  });
});

describe('actors projection: affiliations', () => {
  it('keeps an affiliation with its interval in epoch ms, its recorded time and position', () => {
    given(everyone)
      .when([affiliated(firstTerm, '2025-06-02T00:00:00Z')])
      .then(({ rows, recorded }) => {
        expect(rows<AffiliationRow>('SELECT * FROM affiliations')).toEqual([
          {
            actor: 'donald-trump',
            parent: 'us-government',
            from_iso: '2017-01-20T17:00:00Z',
            from_ms: Date.parse('2017-01-20T17:00:00Z'),
            to_iso: '2021-01-20T17:00:00Z',
            to_ms: Date.parse('2021-01-20T17:00:00Z'),
            role: 'president',
            recorded_at_ms: Date.parse('2025-06-02T00:00:00Z'),
            position: recorded[3]?.position,
          },
        ]);
      });
  });

  it('keeps an open-ended affiliation open, and one without a role without one', () => {
    given([...everyone, affiliated(secondTerm)])
      .when([affiliated(governs)])
      .then(({ rows }) => {
        expect(
          rows('SELECT actor, to_iso, to_ms, role FROM affiliations ORDER BY position'),
        ).toEqual([
          { actor: 'donald-trump', to_iso: null, to_ms: null, role: 'president' },
          { actor: 'us-government', to_iso: null, to_ms: null, role: null },
        ]);
      });
  });

  it('keeps both terms of the same affiliation, in the order recorded', () => {
    given([...everyone, affiliated(secondTerm)])
      .when([affiliated(firstTerm)])
      .then(({ db }) => {
        expect(new ActorDirectory(db).get('donald-trump')?.affiliations).toEqual([
          secondTerm,
          firstTerm,
        ]);
      });
  });

  it('follows affiliations up to every ancestor', () => {
    given(everyone)
      .when([affiliated(governs), affiliated(secondTerm)])
      .then(({ db }) => {
        const directory = new ActorDirectory(db);
        expect(directory.ancestors('donald-trump').sort()).toEqual(['us-government', 'usa']);
        expect(directory.ancestors('usa')).toEqual([]);
      });
  });

  it('counts a member for its parent only while the affiliations hold, as recorded by asOf', () => {
    given([...everyone, affiliated(governs, '2025-06-01T00:00:00Z')])
      .when([affiliated(secondTerm, '2025-06-10T00:00:00Z')])
      .then(({ db }) => {
        const directory = new ActorDirectory(db);
        expect(directory.members('usa', undefined)).toEqual([
          { actor: 'usa', fromMs: -Infinity, toMs: Infinity },
          { actor: 'us-government', fromMs: Date.parse('1789-03-04T00:00:00Z'), toMs: Infinity },
          { actor: 'donald-trump', fromMs: Date.parse('2025-01-20T17:00:00Z'), toMs: Infinity },
        ]);
        // Before the second term was recorded, the log did not know it.
        expect(
          directory.members('usa', Date.parse('2025-06-05T00:00:00Z')).map((m) => m.actor),
        ).toEqual(['usa', 'us-government']);
      });
  });
});

describe('actors projection: what it ignores', () => {
  it('passes over an actor event type it does not know', () => {
    given([])
      .when([inStream(actorStream('usa'), { type: 'ActorRenamed', data: { id: 'usa' } })])
      .then(({ rows }) => {
        expect(rows('SELECT * FROM actors')).toEqual([]);
        expect(rows('SELECT * FROM affiliations')).toEqual([]);
      });
  });

  it('takes no events from the dyad streams', () => {
    given([])
      .when([inStream(dyadStream('usa', 'rus'), { type: 'ActorRegistered', data: usa })])
      .then(({ rows }) => {
        expect(rows('SELECT * FROM actors')).toEqual([]);
      });
  });
});
