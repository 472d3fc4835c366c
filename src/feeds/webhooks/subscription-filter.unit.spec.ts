import type { RecordedEvent } from '../../event-store/event-store.port';
import { positionOf } from '../../event-store/position';
import { selectorFor, toReplayFilter } from './subscription-filter';

function event(stream: string, type: string): RecordedEvent {
  return {
    id: `${stream}/${type}`,
    type,
    stream,
    revision: 0,
    position: positionOf(1n),
    recordedAt: '2025-01-01T00:00:00.000Z',
    data: {},
    metadata: { schemaVersion: 1 },
  };
}

describe('subscription filters', () => {
  it('keep everything when empty', () => {
    const { read, matches } = selectorFor({});
    expect(read).toEqual({ reads: 'all' });
    expect(matches(event('actor-kremlin', 'ActorRegistered'))).toBe(true);
  });

  it('turn kinds into the events that create records of those kinds', () => {
    expect(toReplayFilter({ kinds: ['threat', 'denial'] })).toEqual({
      types: ['ThreatIssued', 'DenialIssued'],
    });
    const { matches } = selectorFor({ kinds: ['threat'] });
    expect(matches(event('dyad-a~b', 'ThreatIssued'))).toBe(true);
    expect(matches(event('dyad-a~b', 'StatementRecorded'))).toBe(false);
    expect(matches(event('dyad-a~b', 'RecordCorrected'))).toBe(false);
  });

  it('keep actions, and only actions, for kinds: ["action"]', () => {
    expect(toReplayFilter({ kinds: ['action'] })).toEqual({ types: ['ActionRecorded'] });
    const { matches } = selectorFor({ kinds: ['action'] });
    expect(matches(event('dyad-usa~rus', 'ActionRecorded'))).toBe(true);
    expect(matches(event('dyad-usa~rus', 'StatementRecorded'))).toBe(false);
  });

  it('combine types and kinds with AND, and read nothing when they exclude each other', () => {
    expect(
      toReplayFilter({ types: ['ThreatIssued', 'RecordCorrected'], kinds: ['threat'] }),
    ).toEqual({ types: ['ThreatIssued'] });
    expect(selectorFor({ types: ['RecordCorrected'], kinds: ['threat'] }).read).toEqual({
      reads: 'nothing',
    });
  });

  it('keep a dyad exactly, and an actor in either role and its own stream', () => {
    const byDyad = selectorFor({ dyads: ['donald-trump~rus'] });
    expect(byDyad.read).toEqual({
      reads: 'filtered',
      filter: { by: 'streamPrefix', prefixes: ['dyad-donald-trump~rus'] },
    });
    expect(byDyad.matches(event('dyad-donald-trump~rus', 'ThreatIssued'))).toBe(true);
    expect(byDyad.matches(event('dyad-donald-trump~russia', 'ThreatIssued'))).toBe(false);
    expect(byDyad.matches(event('dyad-rus~donald-trump', 'ThreatIssued'))).toBe(false);

    const byActor = selectorFor({ actors: ['rus'] });
    expect(byActor.matches(event('dyad-donald-trump~rus', 'ThreatIssued'))).toBe(true);
    expect(byActor.matches(event('dyad-rus~ukr', 'StatementRecorded'))).toBe(true);
    expect(byActor.matches(event('actor-rus', 'ActorRegistered'))).toBe(true);
    expect(byActor.matches(event('dyad-usa~ukr', 'StatementRecorded'))).toBe(false);
  });
});
