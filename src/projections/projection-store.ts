import type { SqliteDatabase } from '../database/open-database';
import type { Position } from '../event-store/position';
import type { Projection, TableNames } from './projection';

/** What is stored of a projection between runs. */
export interface ProjectionRow {
  readonly name: string;
  /** The version of the live generation. */
  readonly version: number;
  readonly generation: number;
  readonly position: Position | null;
  /** A rebuild in progress: the generation it fills, for which version, and how far it is. */
  readonly rebuild_generation: number | null;
  readonly rebuild_version: number | null;
  readonly rebuild_position: Position | null;
  readonly rebuild_done: number;
  readonly rebuild_total: number | null;
  readonly rebuild_started_at: string | null;
}

export interface SkipRow {
  readonly name: string;
  readonly position: string;
  readonly event_id: string;
  readonly type: string;
  readonly stream: string;
  readonly error: string;
  readonly reason: string;
  readonly skipped_at: string;
}

/** The name of a table in one generation: `tone_points__g3`. */
export function generationNames(projection: Projection, generation: number): TableNames {
  return Object.fromEntries(projection.tables.map((table) => [table, `${table}__g${generation}`]));
}

/**
 * The projections' own bookkeeping in the SQLite file: one row per projection (its live
 * generation and checkpoint, and a rebuild's), the skips operators made, and the views
 * that point queries at the live generation.
 */
export class ProjectionStore {
  constructor(private readonly db: SqliteDatabase) {
    // Checkpoints before generations (the first releases) lived here; their tables are
    // dropped and rebuilt by createFirst, so the old checkpoints mean nothing now.
    db.exec('DROP TABLE IF EXISTS projection_checkpoints');
    db.exec(`
      CREATE TABLE IF NOT EXISTS projection_state (
        name TEXT PRIMARY KEY, version INTEGER NOT NULL, generation INTEGER NOT NULL,
        position TEXT,
        rebuild_generation INTEGER, rebuild_version INTEGER, rebuild_position TEXT,
        rebuild_done INTEGER NOT NULL DEFAULT 0, rebuild_total INTEGER, rebuild_started_at TEXT
      );
      CREATE TABLE IF NOT EXISTS projection_skips (
        name TEXT NOT NULL, position TEXT NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL,
        stream TEXT NOT NULL, error TEXT NOT NULL, reason TEXT NOT NULL, skipped_at TEXT NOT NULL,
        PRIMARY KEY (name, position)
      );
    `);
  }

  row(name: string): ProjectionRow | undefined {
    return this.db
      .prepare<[string], ProjectionRow>('SELECT * FROM projection_state WHERE name = ?')
      .get(name);
  }

  /** A first generation, live at once: there is nothing older to keep answering. */
  createFirst(projection: Projection): void {
    this.db.transaction(() => {
      this.dropLegacy(projection);
      this.createGeneration(projection, 1);
      this.pointViewsAt(projection, 1);
      this.db
        .prepare<[string, number]>(
          'INSERT INTO projection_state (name, version, generation) VALUES (?, ?, 1)',
        )
        .run(projection.name, projection.version);
    })();
  }

  /** Opens the next generation beside the live one, for a rebuild. */
  beginRebuild(projection: Projection, total: number | null, now: Date): ProjectionRow {
    return this.db.transaction(() => {
      const row = this.required(projection.name);
      if (row.rebuild_generation !== null) this.dropGeneration(projection, row.rebuild_generation);
      const next = Math.max(row.generation, row.rebuild_generation ?? 0) + 1;
      this.createGeneration(projection, next);
      this.db
        .prepare(
          `UPDATE projection_state SET rebuild_generation = ?, rebuild_version = ?,
             rebuild_position = NULL, rebuild_done = 0, rebuild_total = ?, rebuild_started_at = ?
           WHERE name = ?`,
        )
        .run(next, projection.version, total, now.toISOString(), projection.name);
      return this.required(projection.name);
    })();
  }

  /** Points the views at the rebuilt generation and drops the old one, atomically. */
  swap(projection: Projection): void {
    this.db.transaction(() => {
      const row = this.required(projection.name);
      if (row.rebuild_generation === null) return;
      this.pointViewsAt(projection, row.rebuild_generation);
      this.dropGeneration(projection, row.generation);
      this.db
        .prepare(
          `UPDATE projection_state SET version = rebuild_version, generation = rebuild_generation,
             position = rebuild_position, rebuild_generation = NULL, rebuild_version = NULL,
             rebuild_position = NULL, rebuild_done = 0, rebuild_total = NULL,
             rebuild_started_at = NULL
           WHERE name = ?`,
        )
        .run(projection.name);
    })();
  }

  cancelRebuild(projection: Projection): void {
    this.db.transaction(() => {
      const row = this.required(projection.name);
      if (row.rebuild_generation === null) return;
      this.dropGeneration(projection, row.rebuild_generation);
      this.db
        .prepare(
          `UPDATE projection_state SET rebuild_generation = NULL, rebuild_version = NULL,
             rebuild_position = NULL, rebuild_done = 0, rebuild_total = NULL,
             rebuild_started_at = NULL
           WHERE name = ?`,
        )
        .run(projection.name);
    })();
  }

  /** Statements that move a checkpoint; run them inside the batch's transaction. */
  checkpointWriters(name: string): {
    live: (position: Position) => void;
    rebuild: (position: Position, applied: number) => void;
  } {
    const live = this.db.prepare<[Position, string]>(
      'UPDATE projection_state SET position = ? WHERE name = ?',
    );
    const rebuild = this.db.prepare<[Position, number, string]>(
      `UPDATE projection_state SET rebuild_position = ?, rebuild_done = rebuild_done + ?
       WHERE name = ?`,
    );
    return {
      live: (position) => live.run(position, name),
      rebuild: (position, applied) => rebuild.run(position, applied, name),
    };
  }

  recordSkip(skip: SkipRow): void {
    this.db
      .prepare<SkipRow>(
        `INSERT INTO projection_skips VALUES (@name, @position, @event_id, @type, @stream, @error,
           @reason, @skipped_at)`,
      )
      .run(skip);
  }

  skips(name: string): SkipRow[] {
    return this.db
      .prepare<[string], SkipRow>('SELECT * FROM projection_skips WHERE name = ? ORDER BY position')
      .all(name);
  }

  private required(name: string): ProjectionRow {
    const row = this.row(name);
    if (!row) throw new Error(`Projection ${name} has no state`);
    return row;
  }

  private createGeneration(projection: Projection, generation: number): void {
    this.dropGeneration(projection, generation);
    this.db.exec(projection.schema(generationNames(projection, generation)));
  }

  private dropGeneration(projection: Projection, generation: number): void {
    for (const table of Object.values(generationNames(projection, generation))) {
      this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
    }
  }

  private pointViewsAt(projection: Projection, generation: number): void {
    const names = generationNames(projection, generation);
    for (const table of projection.tables) {
      this.db.exec(`DROP VIEW IF EXISTS "${table}"`);
      this.db.exec(`CREATE VIEW "${table}" AS SELECT * FROM "${names[table]}"`);
    }
  }

  /** Tables of the name queries use, from before generations: dropped, then rebuilt. */
  private dropLegacy(projection: Projection): void {
    for (const table of projection.tables) {
      const kind = this.db
        .prepare<[string], { type: string }>('SELECT type FROM sqlite_master WHERE name = ?')
        .get(table)?.type;
      if (kind === 'table') this.db.exec(`DROP TABLE "${table}"`);
    }
  }
}
