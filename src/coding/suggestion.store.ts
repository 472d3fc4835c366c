import type { SqliteDatabase } from '../database/open-database';
import type { CandidateRecord } from './domain/suggestion';

export type SuggestionStatus = 'open' | 'accepted' | 'rejected';

/** A candidate record as it was offered, with what became of it. */
export interface StoredSuggestion {
  readonly id: string;
  readonly status: SuggestionStatus;
  readonly articleHash: string;
  readonly createdAt: string;
  readonly principal: string | null;
  readonly candidate: CandidateRecord;
  /** The article's citation fields (outlet, title, url, publishedAt), for accepting. */
  readonly article: ArticleCitation;
  /** The record an accept wrote. */
  readonly recordId: string | null;
}

export interface ArticleCitation {
  readonly outlet?: string;
  readonly title?: string;
  readonly url?: string;
  readonly publishedAt?: string;
}

interface SuggestionRow {
  id: string;
  status: SuggestionStatus;
  key: string;
  article_hash: string;
  created_at: string;
  principal: string | null;
  candidate: string;
  article: string;
  record_id: string | null;
}

/**
 * Suggestions live beside the read models in the service's SQLite file, not in the event
 * log: a suggestion is a working note for a recorder, and nothing is recorded until one is
 * accepted (then as an ordinary record, through the records capability). Rejections are
 * kept by the candidate's `key` (article text hash + quote offsets), so re-running the
 * same article does not offer a rejected quote again.
 */
export class SuggestionStore {
  constructor(private readonly db: SqliteDatabase) {}

  prepare(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS coding_suggestions (
        id           TEXT PRIMARY KEY,
        status       TEXT NOT NULL,
        key          TEXT NOT NULL,
        article_hash TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        principal    TEXT,
        candidate    TEXT NOT NULL,
        article      TEXT NOT NULL,
        record_id    TEXT
      );
      CREATE INDEX IF NOT EXISTS coding_suggestions_by_key ON coding_suggestions (key, status);
      CREATE TABLE IF NOT EXISTS coding_rejections (
        key         TEXT PRIMARY KEY,
        rejected_at TEXT NOT NULL
      );
    `);
  }

  /** The keys among `keys` a recorder rejected before. */
  rejectedKeys(keys: readonly string[]): Set<string> {
    if (keys.length === 0) return new Set();
    const statement = this.db.prepare<[string], { key: string }>(
      'SELECT key FROM coding_rejections WHERE key = ?',
    );
    return new Set(keys.filter((key) => statement.get(key) !== undefined));
  }

  /** Stores the suggestions of one run, in one transaction. */
  saveAll(suggestions: readonly StoredSuggestion[]): void {
    const insert = this.db.prepare<[SuggestionRow]>(
      `INSERT INTO coding_suggestions
         (id, status, key, article_hash, created_at, principal, candidate, article, record_id)
       VALUES (@id, @status, @key, @article_hash, @created_at, @principal, @candidate, @article, @record_id)`,
    );
    this.db.transaction(() => {
      for (const s of suggestions) insert.run(toRow(s));
    })();
  }

  get(id: string): StoredSuggestion | undefined {
    const row = this.db
      .prepare<[string], SuggestionRow>('SELECT * FROM coding_suggestions WHERE id = ?')
      .get(id);
    return row && fromRow(row);
  }

  markAccepted(id: string, recordId: string): void {
    this.db
      .prepare<[string, string]>(
        "UPDATE coding_suggestions SET status = 'accepted', record_id = ? WHERE id = ?",
      )
      .run(recordId, id);
  }

  /** Marks the suggestion rejected and remembers its key for later runs. */
  reject(id: string, key: string, at: string): void {
    this.db.transaction(() => {
      this.db
        .prepare<[string]>("UPDATE coding_suggestions SET status = 'rejected' WHERE id = ?")
        .run(id);
      this.db
        .prepare<[string, string]>(
          'INSERT OR IGNORE INTO coding_rejections (key, rejected_at) VALUES (?, ?)',
        )
        .run(key, at);
    })();
  }
}

function toRow(s: StoredSuggestion): SuggestionRow {
  return {
    id: s.id,
    status: s.status,
    key: s.candidate.key,
    article_hash: s.articleHash,
    created_at: s.createdAt,
    principal: s.principal,
    candidate: JSON.stringify(s.candidate),
    article: JSON.stringify(s.article),
    record_id: s.recordId,
  };
}

function fromRow(row: SuggestionRow): StoredSuggestion {
  return {
    id: row.id,
    status: row.status,
    articleHash: row.article_hash,
    createdAt: row.created_at,
    principal: row.principal,
    candidate: JSON.parse(row.candidate) as CandidateRecord,
    article: JSON.parse(row.article) as ArticleCitation,
    recordId: row.record_id,
  };
}
