/**
 * SQLite's result codes for a storage fault that passes by itself: no room on the disk
 * (`SQLITE_FULL`, also what `PRAGMA max_page_count` gives), the file locked by another
 * connection past the busy timeout (`SQLITE_BUSY`, `SQLITE_LOCKED`), an I/O error
 * (`SQLITE_IOERR_*`: a write or fsync the disk refused). The extended codes
 * (`SQLITE_IOERR_WRITE`, `SQLITE_BUSY_SNAPSHOT`) share their primary code's prefix.
 * See https://www.sqlite.org/rescode.html.
 */
const TRANSIENT_PREFIXES = ['SQLITE_FULL', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR'];

/**
 * The SQLite result code of an error better-sqlite3 raised, or undefined for any other
 * error. By shape, not `instanceof`: the native addon keeps the `SqliteError` class (and
 * so the `Error`) of the first place that loaded it, which is another class object, of
 * another realm, wherever the module is loaded again (a test runner's contexts).
 */
export function sqliteCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'SqliteError' && typeof code === 'string' ? code : undefined;
}

/** The disk (or the file's page limit) has no room for the write. */
export function isDiskFull(error: unknown): boolean {
  return sqliteCodeOf(error) === 'SQLITE_FULL';
}

/**
 * A storage fault, not a fault of what was being written: the same write may succeed
 * once space returns, the lock is released or the disk answers again.
 */
export function isTransientStorageError(error: unknown): boolean {
  const code = sqliteCodeOf(error);
  return code !== undefined && TRANSIENT_PREFIXES.some((prefix) => code.startsWith(prefix));
}
