import type { SqliteDatabase } from '../../database/open-database';
import { StatementCache } from '../../database/statement-cache';
import type { ActorKind, ActorProfile, Affiliation } from '../domain/actor';
import type { ActorRow, AffiliationRow } from './actors.projection';

export interface ActorView extends ActorProfile {
  readonly affiliations: readonly Affiliation[];
  readonly registeredAt: string;
}

/** An interval of occurrence time, [fromMs, toMs), during which an actor counts for another. */
export interface MembershipSpan {
  readonly actor: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Reads the actors view. */
export class ActorDirectory {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  exists(id: string): boolean {
    return (
      this.statements
        .get<[string], { id: string }>('SELECT id FROM actors WHERE id = ?')
        .get(id) !== undefined
    );
  }

  get(id: string): ActorView | undefined {
    const row = this.statements
      .get<[string], ActorRow>('SELECT * FROM actors WHERE id = ?')
      .get(id);
    return row && this.view(row);
  }

  list(filter: { kind?: ActorKind; after?: string; limit: number }): ActorView[] {
    return this.statements
      .get<{ kind: string | null; after: string | null; limit: number }, ActorRow>(
        `SELECT * FROM actors WHERE (@kind IS NULL OR kind = @kind) AND (@after IS NULL OR id > @after)
         ORDER BY id LIMIT @limit`,
      )
      .all({ kind: filter.kind ?? null, after: filter.after ?? null, limit: filter.limit })
      .map((row) => this.view(row));
  }

  /** Every actor `id` belongs to, directly or through others, at any time. */
  ancestors(id: string): string[] {
    const seen = new Set<string>();
    const parents = this.statements.get<[string], { parent: string }>(
      'SELECT DISTINCT parent FROM affiliations WHERE actor = ?',
    );
    const visit = (actor: string): void => {
      for (const { parent } of parents.all(actor)) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        visit(parent);
      }
    };
    visit(id);
    return [...seen];
  }

  /**
   * Who counts for `id` and when: `id` itself always, and every actor affiliated to
   * it directly or through others, during the intersection of the affiliations'
   * validity along the path. Only affiliations recorded by `asOfMs` count.
   */
  members(id: string, asOfMs: number | undefined): MembershipSpan[] {
    const children = this.statements.get<{ parent: string; asOf: number | null }, AffiliationRow>(
      `SELECT * FROM affiliations WHERE parent = @parent AND (@asOf IS NULL OR recorded_at_ms <= @asOf)`,
    );
    const spans: MembershipSpan[] = [{ actor: id, fromMs: -Infinity, toMs: Infinity }];
    const walk = (parent: string, fromMs: number, toMs: number, path: Set<string>): void => {
      for (const row of children.all({ parent, asOf: asOfMs ?? null })) {
        if (path.has(row.actor)) continue;
        const from = Math.max(fromMs, row.from_ms);
        const to = Math.min(toMs, row.to_ms ?? Infinity);
        if (from >= to) continue;
        spans.push({ actor: row.actor, fromMs: from, toMs: to });
        walk(row.actor, from, to, new Set([...path, row.actor]));
      }
    };
    walk(id, -Infinity, Infinity, new Set([id]));
    return spans;
  }

  private view(row: ActorRow): ActorView {
    const affiliations = this.statements
      .get<[string], AffiliationRow>('SELECT * FROM affiliations WHERE actor = ? ORDER BY position')
      .all(row.id)
      .map((a): Affiliation => ({
        actor: a.actor,
        parent: a.parent,
        from: a.from_iso,
        ...(a.to_iso === null ? {} : { to: a.to_iso }),
        ...(a.role === null ? {} : { role: a.role }),
      }));
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as ActorKind,
      aliases: JSON.parse(row.aliases) as string[],
      ...(row.country === null ? {} : { country: row.country }),
      affiliations,
      registeredAt: row.registered_at,
    };
  }
}
