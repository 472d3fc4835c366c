import type { ActorDirectory, MembershipSpan } from '../actors';

export const TONE_MODES = ['directed', 'pair', 'rollup'] as const;
export type ToneMode = (typeof TONE_MODES)[number];

/** A view of a relationship: one direction, both, or rolled up along affiliations. */
export interface DyadSelector {
  readonly source: string;
  readonly target: string;
  readonly mode: ToneMode;
  /** Recorded time to read as of; undefined reads now. */
  readonly asOfMs?: number;
}

/** What a read model's row says of the record behind it (`tone_points`, `record_versions`). */
export interface DyadRow {
  readonly record_id: string;
  readonly source: string;
  readonly target: string;
  readonly occurred_at_ms: number;
}

/**
 * Which records stand behind a view of a dyad: the one rule the tone view, the summary,
 * the shifts and the list of a view's records all read by, so that they never disagree
 * on what they count.
 */
export interface DyadScope {
  /** Every actor whose records may count on the source side, and on the target side. */
  readonly sources: readonly string[];
  readonly targets: readonly string[];
  /** Whether a record of these actors counts: its direction, and when it occurred. */
  includes(row: DyadRow): boolean;
}

/**
 * The scope of a selector. A roll-up follows the affiliations valid at each record's
 * occurrence (USA→RUS takes in Trump→Putin only from the day Trump heads the US
 * government), and only those recorded by `asOfMs`: what the log held then.
 */
export function dyadScope(selector: DyadSelector, actors: ActorDirectory): DyadScope {
  const { source, target } = selector;
  switch (selector.mode) {
    case 'directed':
      return {
        sources: [source],
        targets: [target],
        includes: (row) => row.source === source && row.target === target,
      };
    case 'pair':
      return {
        sources: unique([source, target]),
        targets: unique([target, source]),
        includes: (row) =>
          (row.source === source && row.target === target) ||
          (row.source === target && row.target === source),
      };
    case 'rollup': {
      const sources = actors.members(source, selector.asOfMs);
      const targets = actors.members(target, selector.asOfMs);
      return {
        sources: unique(sources.map((s) => s.actor)),
        targets: unique(targets.map((s) => s.actor)),
        includes: (row) =>
          covers(sources, row.source, row.occurred_at_ms) &&
          covers(targets, row.target, row.occurred_at_ms),
      };
    }
  }
}

/**
 * A SQL condition that narrows a read model to the scope's actors, with its named
 * parameters; {@link DyadScope.includes} then decides each row it finds. One actor a side
 * (a directed view) is an equality, which the tables' (source, target, occurred_at_ms)
 * index serves directly.
 */
export function scopeCondition(scope: DyadScope): {
  readonly sql: string;
  readonly params: Record<string, string>;
} {
  const [source] = scope.sources;
  const [target] = scope.targets;
  if (scope.sources.length === 1 && scope.targets.length === 1 && source && target)
    return {
      sql: 'source = @scopeSource AND target = @scopeTarget',
      params: { scopeSource: source, scopeTarget: target },
    };
  return {
    sql: `source IN (SELECT value FROM json_each(@scopeSources))
      AND target IN (SELECT value FROM json_each(@scopeTargets))`,
    params: {
      scopeSources: JSON.stringify(scope.sources),
      scopeTargets: JSON.stringify(scope.targets),
    },
  };
}

function covers(spans: readonly MembershipSpan[], actor: string, atMs: number): boolean {
  return spans.some((s) => s.actor === actor && s.fromMs <= atMs && atMs < s.toMs);
}

function unique(actors: readonly string[]): string[] {
  return [...new Set(actors)];
}
