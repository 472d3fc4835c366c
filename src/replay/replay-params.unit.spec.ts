import { positionOf } from '../event-store/position';
import { ProblemException } from '../http/problem';
import { parseReplayParams, resumePosition } from './replay-params';

const P1 = positionOf(1n);
const P9 = positionOf(9n);

/** The fields a parameter set is refused for (a field may break more than one rule). */
function refusedFields(params: Record<string, unknown>): string[] {
  try {
    parseReplayParams(params);
  } catch (error) {
    if (error instanceof ProblemException)
      return [...new Set((error.problem.errors ?? []).map((problem) => problem.field))];
    throw error;
  }
  return [];
}

describe('replay parameters', () => {
  it('reads nothing into an empty request', () => {
    expect(parseReplayParams({})).toEqual({ filter: {} });
  });

  it('splits comma lists, drops repeats, and reads dyads as source~target', () => {
    expect(
      parseReplayParams({
        stream: 'actor-a,dyad-a~b,actor-a',
        category: 'dyad,actor',
        type: 'StatementRecorded,RecordCorrected',
        actor: 'donald-trump',
        dyad: 'donald-trump~vladimir-putin,rus~usa',
      }).filter,
    ).toEqual({
      streams: ['actor-a', 'dyad-a~b'],
      categories: ['dyad', 'actor'],
      types: ['StatementRecorded', 'RecordCorrected'],
      actors: ['donald-trump'],
      dyads: [
        { source: 'donald-trump', target: 'vladimir-putin' },
        { source: 'rus', target: 'usa' },
      ],
    });
  });

  it('takes positions, recorded instants (a bare date is UTC midnight), speed and limit', () => {
    expect(
      parseReplayParams({
        from: P1,
        to: P9,
        recordedFrom: '2025-03-30T14:00:00-04:00',
        recordedTo: '2025-04-01',
        speed: '60',
        limit: '10',
      }),
    ).toEqual({
      filter: {
        recordedFromMs: Date.parse('2025-03-30T18:00:00Z'),
        recordedToMs: Date.parse('2025-04-01T00:00:00Z'),
      },
      from: P1,
      to: P9,
      speed: 60,
      limit: 10,
    });
    expect(parseReplayParams({ speed: '0.25' }).speed).toBe(0.25);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a malformed position', { from: '42' }, 'from'],
    ['an upper-case position', { to: positionOf(0xabn).toUpperCase() }, 'to'],
    ['a local time', { recordedFrom: '2025-03-30T14:00:00' }, 'recordedFrom'],
    ['not a time', { recordedTo: 'yesterday' }, 'recordedTo'],
    ['speed 0', { speed: '0' }, 'speed'],
    ['a negative speed', { speed: '-2' }, 'speed'],
    ['a speed that is not a number', { speed: 'fast' }, 'speed'],
    ['an empty speed', { speed: '' }, 'speed'],
    ['an unknown format', { format: 'xml' }, 'format'],
    ['limit 0', { limit: '0' }, 'limit'],
    ['a fractional limit', { limit: '2.5' }, 'limit'],
    ['a dyad without ~', { dyad: 'donald-trump' }, 'dyad'],
    ['an actor id with capitals', { actor: 'Donald' }, 'actor'],
    ['an empty list item', { type: 'StatementRecorded,' }, 'type'],
    ['a category with a dash', { category: 'dyad-a' }, 'category'],
    ['a repeated list parameter', { stream: ['actor-a', 'actor-b'] }, 'stream'],
    ['an unknown parameter', { actors: 'a' }, 'actors'],
    ['a reversed position range', { from: P9, to: P1 }, 'to'],
    [
      'a reversed recorded range',
      { recordedFrom: '2025-02-01', recordedTo: '2025-01-01' },
      'recordedTo',
    ],
  ])('refuses %s, naming the field', (_what, params, field) => {
    expect(refusedFields(params)).toEqual([field]);
  });

  it('explains a repeated list parameter', () => {
    expect(() => parseReplayParams({ stream: ['actor-a', 'actor-b'] })).toThrow(
      /stream must be given once; separate several values with commas/,
    );
  });

  it('accepts an empty range', () => {
    expect(refusedFields({ from: P1, to: P1 })).toEqual([]);
  });

  it('reads Last-Event-ID as a position, and refuses anything else', () => {
    expect(resumePosition(undefined)).toBeUndefined();
    expect(resumePosition(P9)).toBe(P9);
    expect(() => resumePosition('7')).toThrow(/Last-Event-ID must be a position token/);
  });
});
