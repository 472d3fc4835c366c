import { openDatabase, type SqliteDatabase } from '../../src/database/open-database';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { matchesFilter, type Projection } from '../../src/projections/projection';
import { generationNames, ProjectionStore } from '../../src/projections/projection-store';
import { recordingLog, type EventInStream } from './events';

/**
 * Given / when / then for projections, in the shape of Emmett's `SQLiteProjectionSpec`:
 *
 * ```ts
 * const { given } = projectionSpec(recordsProjection);
 * given([inStream(stream, created)])
 *   .when([inStream(stream, corrected, '2025-06-02T00:00:00Z')])
 *   .then(({ db }) => expect(new RecordReader(db).get(id)?.version).toBe(2));
 * ```
 *
 * Each case opens its own in-memory SQLite database, creates the projections' tables as
 * the runner does (a first generation, and the views queries read), records the events
 * (ids, revisions, positions, recorded times: see `recordingLog`), and applies each to
 * every projection whose filter takes it, through the projection's own `bind`, in one
 * transaction for the given events and one for the events under test. The assertion
 * then reads the tables by their query names (`tone_points`), directly or through the
 * reader the service uses.
 */
export interface ProjectionSpec {
  /** What the log held before; `[]` for an empty log. */
  readonly given: (events: readonly EventInStream[]) => {
    when(events: readonly EventInStream[]): ProjectionThen;
  };
}

export interface ProjectionThen {
  /** Runs the assertion on the tables once every event is applied; the database is closed after. */
  then(assert: (tables: ProjectedTables) => void): void;
}

export interface ProjectedTables {
  readonly db: SqliteDatabase;
  /** The rows of a query on the tables, e.g. `rows('SELECT * FROM tone_points ORDER BY version')`. */
  rows<Row = Record<string, unknown>>(sql: string, ...params: unknown[]): Row[];
  /** The events as recorded, the given ones first: their positions, revisions and recorded times. */
  readonly recorded: readonly RecordedEvent[];
}

/** A spec for these projections on one database (several, when a reader joins their tables). */
export function projectionSpec(...projections: Projection[]): ProjectionSpec {
  return {
    given: (history) => ({
      when: (events) => ({
        then(assert) {
          const db = openDatabase(':memory:');
          try {
            const apply = prepare(db, projections);
            const log = recordingLog();
            const recorded = [history, events].flatMap((batch) => {
              const stamped = batch.map((event) => log.record(event));
              apply(stamped);
              return stamped;
            });
            assert({
              db,
              rows: <Row>(sql: string, ...params: unknown[]) =>
                db.prepare<unknown[], Row>(sql).all(...params),
              recorded,
            });
          } finally {
            db.close();
          }
        },
      }),
    }),
  };
}

/** Creates the projections' tables as the runner's start does, and returns how a batch is applied. */
function prepare(
  db: SqliteDatabase,
  projections: readonly Projection[],
): (batch: readonly RecordedEvent[]) => void {
  const store = new ProjectionStore(db);
  const appliers = projections.map((projection) => {
    store.createFirst(projection);
    const generation = store.row(projection.name)?.generation ?? 1;
    return {
      projection,
      apply: projection.bind(db, generationNames(projection, generation)),
    };
  });
  return db.transaction((batch: readonly RecordedEvent[]) => {
    for (const event of batch) {
      for (const { projection, apply } of appliers) {
        // The runner subscribes with the projection's filter: it never sees other events.
        if (matchesFilter(projection.filter, event)) apply(event);
      }
    }
  });
}
