import type { SqliteDatabase } from '../database/open-database';

/** SQLite's `synchronous` levels: OFF 0, NORMAL 1, FULL 2, EXTRA 3. */
const NORMAL = 1;

/**
 * A transaction for read-model rows and their checkpoint that costs no fsync.
 *
 * The events are committed at `synchronous = FULL` (an acknowledged append survives a
 * power cut). Read models are rebuildable from the log, and each batch's rows commit
 * atomically with its checkpoint, so they need only atomicity, not durability: this
 * runs the transaction at `NORMAL`, where a WAL commit writes its frames without an
 * fsync, and restores the connection's level right after, before anything else can run
 * on it (better-sqlite3 is synchronous: nothing interleaves). What a power cut can lose
 * is a tail of the WAL, never a frame in the middle: the next FULL commit (an append)
 * syncs every frame before its own, and a read-model commit only ever follows the
 * appends it applies. So a lost tail only sends the runner back to an older checkpoint,
 * from which it applies the same events again; a process crash loses nothing at all.
 *
 * Inside an enclosing transaction it is a plain nested one (the outer commit decides).
 */
export function readModelTransaction<Args extends unknown[], Result>(
  db: SqliteDatabase,
  fn: (...args: Args) => Result,
): (...args: Args) => Result {
  const transaction = db.transaction(fn);
  const level = db.prepare<[], number>('PRAGMA synchronous').pluck();
  const setters = new Map<number, { run(): unknown }>();
  const setLevel = (value: number): void => {
    let setter = setters.get(value);
    if (!setter) {
      setter = db.prepare(`PRAGMA synchronous = ${Math.trunc(value)}`);
      setters.set(value, setter);
    }
    setter.run();
  };
  return (...args: Args): Result => {
    if (db.inTransaction) return transaction(...args);
    const before = level.get() ?? NORMAL;
    if (before <= NORMAL) return transaction(...args);
    setLevel(NORMAL);
    try {
      return transaction(...args);
    } finally {
      setLevel(before);
    }
  };
}
