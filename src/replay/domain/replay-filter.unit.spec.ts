import { actorStream } from '../../actors/domain/actor';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { positionOf } from '../../event-store/position';
import { dyadStream } from '../../records/domain/dyad';
import {
  categoryOf,
  dyadOfStream,
  intersectPrefixes,
  logReadFor,
  matchesReplayFilter,
  type ReplayFilter,
} from './replay-filter';

let nextPosition = 1n;
function event(
  stream: string,
  type: string,
  recordedAt = '2025-03-30T12:00:00.000Z',
): RecordedEvent {
  return {
    id: `id-${nextPosition}`,
    type,
    stream,
    revision: 0,
    position: positionOf(nextPosition++),
    recordedAt,
    data: {},
    metadata: { schemaVersion: 1 },
  };
}

const LOG = [
  event('actor-trump', 'ActorRegistered'),
  event('actor-putin', 'ActorRegistered'),
  event('actor-trumpet', 'ActorRegistered'),
  event('dyad-trump~putin', 'StatementRecorded'),
  event('dyad-putin~trump', 'DenialIssued'),
  event('dyad-trump~putin', 'RecordCorrected'),
  event('dyad-putin~zelensky', 'ThreatIssued'),
  event('dyad-trumpet~putin', 'StatementRecorded'),
  event('other', 'Something'),
];

function kept(filter: ReplayFilter): string[] {
  return LOG.filter((e) => matchesReplayFilter(filter, e)).map((e) => `${e.stream} ${e.type}`);
}

/** What a filtered read of the port would give: the prefixes as the port applies them. */
function serverSide(filter: ReplayFilter): RecordedEvent[] {
  const read = logReadFor(filter);
  if (read.reads === 'nothing') return [];
  if (read.reads === 'all') return LOG;
  const { by, prefixes } = read.filter;
  return LOG.filter((e) =>
    prefixes.some((p) => (by === 'streamPrefix' ? e.stream : e.type).startsWith(p)),
  );
}

describe('stream names', () => {
  it('reads the category before the first dash, and none without a dash', () => {
    expect(categoryOf('dyad-donald-trump~vladimir-putin')).toBe('dyad');
    expect(categoryOf('actor-donald-trump')).toBe('actor');
    expect(categoryOf('settings')).toBeUndefined();
    expect(categoryOf('-odd')).toBeUndefined();
  });

  it('reads back the actors of the dyad streams the records domain names', () => {
    expect(dyadOfStream(dyadStream('donald-trump', 'vladimir-putin'))).toEqual({
      source: 'donald-trump',
      target: 'vladimir-putin',
    });
    expect(dyadOfStream(actorStream('donald-trump'))).toBeUndefined();
    expect(dyadOfStream('dyad-nottilde')).toBeUndefined();
  });
});

describe('matchesReplayFilter', () => {
  it('keeps everything without a filter', () => {
    expect(kept({})).toHaveLength(LOG.length);
  });

  it('keeps exact stream names, not streams that merely start with one', () => {
    expect(kept({ streams: ['actor-trump', 'other'] })).toEqual([
      'actor-trump ActorRegistered',
      'other Something',
    ]);
  });

  it('keeps categories', () => {
    expect(kept({ categories: ['actor'] })).toEqual([
      'actor-trump ActorRegistered',
      'actor-putin ActorRegistered',
      'actor-trumpet ActorRegistered',
    ]);
  });

  it('keeps event types', () => {
    expect(kept({ types: ['StatementRecorded', 'DenialIssued'] })).toEqual([
      'dyad-trump~putin StatementRecorded',
      'dyad-putin~trump DenialIssued',
      'dyad-trumpet~putin StatementRecorded',
    ]);
  });

  it("keeps an actor's own stream and its dyads as source or target, and no look-alike", () => {
    expect(kept({ actors: ['trump'] })).toEqual([
      'actor-trump ActorRegistered',
      'dyad-trump~putin StatementRecorded',
      'dyad-putin~trump DenialIssued',
      'dyad-trump~putin RecordCorrected',
    ]);
  });

  it('keeps a directed dyad, not its reverse', () => {
    expect(kept({ dyads: [{ source: 'trump', target: 'putin' }] })).toEqual([
      'dyad-trump~putin StatementRecorded',
      'dyad-trump~putin RecordCorrected',
    ]);
  });

  it('combines parts with AND', () => {
    expect(kept({ actors: ['putin'], types: ['ThreatIssued', 'ActorRegistered'] })).toEqual([
      'actor-putin ActorRegistered',
      'dyad-putin~zelensky ThreatIssued',
    ]);
    expect(kept({ categories: ['actor'], dyads: [{ source: 'trump', target: 'putin' }] })).toEqual(
      [],
    );
  });

  it('keeps recorded times in [recordedFrom, recordedTo)', () => {
    const times = [
      event('x-1', 'T', '2025-01-01T00:00:00.000Z'),
      event('x-2', 'T', '2025-01-01T00:00:00.001Z'),
      event('x-3', 'T', '2025-01-02T00:00:00.000Z'),
    ];
    const filter = {
      recordedFromMs: Date.parse('2025-01-01T00:00:00.001Z'),
      recordedToMs: Date.parse('2025-01-02T00:00:00.000Z'),
    };
    expect(times.filter((e) => matchesReplayFilter(filter, e)).map((e) => e.stream)).toEqual([
      'x-2',
    ]);
  });
});

describe('logReadFor: the server-side filter', () => {
  it('reads all without a filter, and by type prefix when only types are asked', () => {
    expect(logReadFor({})).toEqual({ reads: 'all' });
    expect(logReadFor({ recordedFromMs: 0 })).toEqual({ reads: 'all' });
    expect(logReadFor({ types: ['ThreatIssued'] })).toEqual({
      reads: 'filtered',
      filter: { by: 'eventTypePrefix', prefixes: ['ThreatIssued'] },
    });
  });

  it('prefers stream prefixes, the narrowest the parts allow together', () => {
    expect(logReadFor({ categories: ['dyad', 'actor'], types: ['ThreatIssued'] })).toEqual({
      reads: 'filtered',
      filter: { by: 'streamPrefix', prefixes: ['actor-', 'dyad-'] },
    });
    expect(logReadFor({ actors: ['trump'] })).toEqual({
      reads: 'filtered',
      filter: { by: 'streamPrefix', prefixes: ['actor-trump', 'dyad-'] },
    });
    expect(logReadFor({ actors: ['trump'], categories: ['actor'] })).toEqual({
      reads: 'filtered',
      filter: { by: 'streamPrefix', prefixes: ['actor-trump'] },
    });
    expect(
      logReadFor({ actors: ['trump'], dyads: [{ source: 'putin', target: 'trump' }] }),
    ).toEqual({
      reads: 'filtered',
      filter: { by: 'streamPrefix', prefixes: ['dyad-putin~trump'] },
    });
  });

  it('reads nothing when the stream parts cannot both hold', () => {
    expect(logReadFor({ categories: ['actor'], dyads: [{ source: 'a', target: 'b' }] })).toEqual({
      reads: 'nothing',
    });
    expect(logReadFor({ streams: ['dyad-a~b'], categories: ['actor'] })).toEqual({
      reads: 'nothing',
    });
  });

  it('intersects prefix sets, keeping the longer of two related prefixes', () => {
    expect(intersectPrefixes(['dyad-', 'actor-'], ['dyad-a~', 'other-'])).toEqual(['dyad-a~']);
    expect(intersectPrefixes(['a', 'ab'], ['abc'])).toEqual(['abc']);
    expect(intersectPrefixes(['a'], ['b'])).toEqual([]);
  });

  it.each<[string, ReplayFilter]>([
    ['stream', { streams: ['actor-trump'] }],
    ['category', { categories: ['dyad'] }],
    ['type', { types: ['StatementRecorded'] }],
    ['actor', { actors: ['trump'] }],
    ['actor and type', { actors: ['putin'], types: ['ThreatIssued'] }],
    ['dyad and category', { dyads: [{ source: 'trump', target: 'putin' }], categories: ['dyad'] }],
    ['two actors', { actors: ['trumpet', 'zelensky'] }],
  ])('never drops an event the filter keeps (%s)', (_name, filter) => {
    const read = serverSide(filter);
    const expected = LOG.filter((e) => matchesReplayFilter(filter, e));
    expect(read.filter((e) => matchesReplayFilter(filter, e))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});
