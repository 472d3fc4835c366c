import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './open-database';

/**
 * Prepared statements kept by their SQL: preparing one costs more than running it for a
 * small read, and better-sqlite3 keeps none. A caller's SQL should depend only on which
 * filters are set, never on their values (those are parameters), so that a few dozen
 * statements serve every request. Bounded all the same, the least recently used dropped
 * first. A statement stays valid across schema changes (a rebuild's view swap): SQLite
 * prepares it again when it next runs.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly capacity = 256,
  ) {}

  get<Params extends unknown[] | object, Row>(sql: string, raw = false): Statement<Params, Row> {
    const key = raw ? `raw:${sql}` : sql;
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (raw) statement.raw(true);
      if (this.statements.size >= this.capacity) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
    } else {
      this.statements.delete(key);
    }
    this.statements.set(key, statement);
    return statement as Statement<Params, Row>;
  }
}
