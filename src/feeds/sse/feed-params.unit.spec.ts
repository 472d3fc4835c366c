import { positionOf } from '../../event-store/position';
import { ProblemException } from '../../http/problem';
import { feedEventTypes } from './feed-filter';
import { toFeedRequest } from './feed-params';

describe('feed parameters', () => {
  it('keeps, for a kind, its record-created type (and outcomes for threats)', () => {
    expect(feedEventTypes(undefined, ['statement'])).toEqual(['StatementRecorded']);
    expect(feedEventTypes(undefined, ['threat', 'denial'])).toEqual([
      'ThreatIssued',
      'ThreatOutcomeRecorded',
      'DenialIssued',
    ]);
    expect(feedEventTypes(['ThreatIssued', 'RecordCorrected'], ['threat'])).toEqual([
      'ThreatIssued',
    ]);
    expect(feedEventTypes(undefined, ['action'])).toEqual(['ActionRecorded']);
    expect(feedEventTypes(['RecordCorrected'], undefined)).toEqual(['RecordCorrected']);
    expect(feedEventTypes(undefined, undefined)).toBeUndefined();
  });

  it('reads the filters as /replay does, lists split on commas', () => {
    expect(
      toFeedRequest({ type: 'A,B', actor: 'kremlin', dyad: 'donald-trump~rus' }, undefined),
    ).toEqual({
      filter: {
        types: ['A', 'B'],
        actors: ['kremlin'],
        dyads: [{ source: 'donald-trump', target: 'rus' }],
      },
      naming: 'unnamed',
    });
  });

  it('starts after Last-Event-ID, which wins over from; from=now is kept for the service', () => {
    const [one, two] = [positionOf(1n), positionOf(2n)];
    const plain = { filter: {}, naming: 'unnamed' };
    expect(toFeedRequest({ from: one }, two)).toEqual({ ...plain, from: two });
    expect(toFeedRequest({ from: one }, undefined)).toEqual({ ...plain, from: one });
    expect(toFeedRequest({ from: 'now' }, undefined)).toEqual({ ...plain, from: 'now' });
    expect(toFeedRequest({}, undefined)).toEqual(plain);
  });

  it('sends events unnamed unless events=named asks for their types as names', () => {
    expect(toFeedRequest({}, undefined).naming).toBe('unnamed');
    expect(toFeedRequest({ events: 'named' }, undefined).naming).toBe('named');
  });

  it('refuses a Last-Event-ID that is no position, and a type and kind with nothing in common', () => {
    expect(() => toFeedRequest({}, 'abc')).toThrow(ProblemException);
    expect(() => toFeedRequest({ type: 'ActorRegistered', kind: 'threat' }, undefined)).toThrow(
      /no event type in common/,
    );
  });
});
