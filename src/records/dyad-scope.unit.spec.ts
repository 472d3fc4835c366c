import type { ActorDirectory, MembershipSpan } from '../actors';
import { dyadScope, scopeCondition, type DyadRow } from './dyad-scope';

const at = Date.parse;

/** The members each actor has, as ActorDirectory.members would give them. */
function directory(members: Record<string, MembershipSpan[]>): ActorDirectory {
  return {
    members: (id: string) => [
      { actor: id, fromMs: -Infinity, toMs: Infinity },
      ...(members[id] ?? []),
    ],
  } as unknown as ActorDirectory;
}

const row = (source: string, target: string, occurredAt: string): DyadRow => ({
  record_id: `${source}~${target}@${occurredAt}`,
  source,
  target,
  occurred_at_ms: at(occurredAt),
});

describe('dyadScope: which records stand behind a view of a dyad', () => {
  const none = directory({});

  it('directed: the one direction, read by equality', () => {
    const scope = dyadScope({ source: 'a', target: 'b', mode: 'directed' }, none);
    expect(scope.includes(row('a', 'b', '2025-01-01'))).toBe(true);
    expect(scope.includes(row('b', 'a', '2025-01-01'))).toBe(false);
    expect(scopeCondition(scope)).toEqual({
      sql: 'source = @scopeSource AND target = @scopeTarget',
      params: { scopeSource: 'a', scopeTarget: 'b' },
    });
  });

  it('pair: both directions, and neither side speaking to itself', () => {
    const scope = dyadScope({ source: 'a', target: 'b', mode: 'pair' }, none);
    expect(scope.includes(row('a', 'b', '2025-01-01'))).toBe(true);
    expect(scope.includes(row('b', 'a', '2025-01-01'))).toBe(true);
    expect(scope.includes(row('a', 'a', '2025-01-01'))).toBe(false);
    expect(scopeCondition(scope).params).toEqual({
      scopeSources: '["a","b"]',
      scopeTargets: '["b","a"]',
    });
  });

  it('rollup: a member counts only while its affiliation holds, [from, to)', () => {
    const scope = dyadScope(
      { source: 'usa', target: 'rus', mode: 'rollup' },
      directory({
        usa: [{ actor: 'trump', fromMs: at('2025-01-20'), toMs: Infinity }],
        rus: [{ actor: 'putin', fromMs: -Infinity, toMs: Infinity }],
      }),
    );
    expect(scope.sources).toEqual(['usa', 'trump']);
    expect(scope.includes(row('trump', 'putin', '2025-01-19T23:59:59Z'))).toBe(false);
    expect(scope.includes(row('trump', 'putin', '2025-01-20'))).toBe(true);
    expect(scope.includes(row('usa', 'rus', '1999-01-01'))).toBe(true);
    expect(scope.includes(row('putin', 'trump', '2025-02-01'))).toBe(false);
  });
});
