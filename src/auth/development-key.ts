import type { SqliteDatabase } from '../database/open-database';
import { hashApiKey, type StoredKey } from '../config/api-key-entries';
import { ROLES } from '../config/roles';
import { generateApiKey } from './api-keys';

/** The key a laptop runs with when no keys are configured: every role, kept as a hash. */
export interface DevelopmentKey {
  readonly stored: StoredKey;
  readonly createdAt: string;
  /** The key itself, only on the start that made it: shown once, then never again. */
  readonly newKey?: string;
}

const TABLE = `CREATE TABLE IF NOT EXISTS development_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hash BLOB NOT NULL,
  created_at TEXT NOT NULL
)`;

/**
 * The development key of this database file, made on first use. Only its SHA-256 is
 * written, so the file (or a copy of it) never holds a usable key.
 */
export function developmentKey(db: SqliteDatabase, now: Date = new Date()): DevelopmentKey {
  db.exec(TABLE);
  const roles = new Set(ROLES);
  const existing = db.prepare('SELECT hash, created_at FROM development_key WHERE id = 1').get() as
    { hash: Buffer; created_at: string } | undefined;
  if (existing) return { stored: { hash: existing.hash, roles }, createdAt: existing.created_at };
  const newKey = generateApiKey();
  const createdAt = now.toISOString();
  const hash = hashApiKey(newKey);
  // A concurrent first start (two processes on one new file) keeps one key: the loser reads it.
  const inserted = db
    .prepare('INSERT OR IGNORE INTO development_key (id, hash, created_at) VALUES (1, ?, ?)')
    .run(hash, createdAt);
  if (inserted.changes === 0) return developmentKey(db, now);
  return { stored: { hash, roles }, createdAt, newKey };
}

/** Forgets the development key, so that the next start makes and shows a new one. */
export function resetDevelopmentKey(db: SqliteDatabase): boolean {
  db.exec(TABLE);
  return db.prepare('DELETE FROM development_key').run().changes > 0;
}

/** What `parley serve` prints, once, when it makes the key. */
export function developmentKeyBanner(key: string, dbFile: string): string {
  return [
    '',
    'parley: PARLEY_API_KEYS is not set, so this development key holds every role',
    `(${ROLES.join(', ')}). It is shown this once; ${dbFile} keeps only its hash.`,
    '',
    `    Authorization: Bearer ${key}`,
    '',
    'Lost it? `parley keys reset-dev` makes a new one at the next start.',
    'In production set PARLEY_API_KEYS (see README, "Security and operations").',
    '',
  ].join('\n');
}
