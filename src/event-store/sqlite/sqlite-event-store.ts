import { EventEmitter } from 'node:events';
import type { SqliteDatabase } from '../../database/open-database';
import { StatementCache } from '../../database/statement-cache';
import { isTransientStorageError } from '../../database/storage-errors';
import { WrongExpectedVersion } from '../event-store.errors';
import {
  EventStore,
  type AppendResult,
  type EventMetadata,
  type ExpectedRevision,
  type InlineCommitHook,
  type LogFilter,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubjectRead,
  type SubscribeToAllOptions,
} from '../event-store.port';
import { comparePositions, positionOf, positionParts, type Position } from '../position';

interface EventRow {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
  subject: string | null;
}

/** An append waiting for its group's commit. */
interface PendingAppend {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export interface SqliteEventStoreOptions {
  /** The store's clock; recorded times come from it. */
  readonly clock?: () => Date;
  /**
   * How often a live subscription looks for events appended by another process on
   * the same file. Appends from this process wake subscribers at once.
   */
  readonly pollIntervalMs?: number;
}

const SUBSCRIPTION_PAGE = 512;

/**
 * The embedded event store: the log is a table in the service's SQLite file.
 *
 * Appends commit in groups: those that arrive while the event loop is busy (concurrent
 * requests) are written in one transaction, each in a savepoint of its own (a conflict
 * refuses that append alone), so they share one durable commit (one fsync) as databases'
 * group commit does. Each append's promise settles only once its group has committed.
 */
export class SqliteEventStore extends EventStore {
  private readonly appended = new EventEmitter();
  private readonly statements: StatementCache;
  private pending: PendingAppend[] = [];
  private readonly inlineHooks = new Set<InlineCommitHook>();
  private flushScheduled = false;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private closed = false;
  /** Counts wake-ups, so a subscriber can tell it missed one while it was not listening. */
  private wakeUps = 0;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteEventStoreOptions = {},
  ) {
    super();
    this.statements = new StatementCache(db);
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.appended.setMaxListeners(0);
    db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position    INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT    NOT NULL,
        stream      TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        type        TEXT    NOT NULL,
        data        TEXT    NOT NULL,
        metadata    TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL,
        subject     TEXT,
        UNIQUE (stream, revision)
      );
      CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
    `);
    // A file written before subjects were recorded gains the column; its old events have
    // none, and readSubject includes them (correct, only slower on those streams).
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(events)').all();
    if (!columns.some((column) => column.name === 'subject'))
      db.exec('ALTER TABLE events ADD COLUMN subject TEXT');
    db.exec('CREATE INDEX IF NOT EXISTS events_by_subject ON events (stream, subject, revision)');
  }

  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.assertOpen();
      this.pending.push({ stream, events, expected, resolve, reject });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      // After the I/O callbacks of this turn of the event loop: every append they started
      // joins the group.
      setImmediate(() => this.flush());
    });
  }

  override readSubject(stream: string, subject: string | readonly string[]): Promise<SubjectRead> {
    const subjects = JSON.stringify([
      ...new Set(typeof subject === 'string' ? [subject] : subject),
    ]);
    return Promise.resolve().then(() => {
      this.assertOpen();
      // One read transaction, one snapshot: no event past the revision can be among them.
      return this.db.transaction((): SubjectRead => {
        const revision = this.streamRevision(stream);
        // An index search per subject, merged with the events that have none; a plain
        // `subject IN (...) OR subject IS NULL` makes SQLite walk the whole stream.
        const rows = this.statements
          .get<[{ stream: string; subjects: string }], EventRow>(
            `SELECT e.* FROM json_each(@subjects) AS s CROSS JOIN events AS e
           WHERE e.stream = @stream AND e.subject = s.value
           UNION ALL
           SELECT * FROM events WHERE stream = @stream AND subject IS NULL
           ORDER BY revision`,
          )
          .all({ stream, subjects });
        return { revision: revision ?? 'no_stream', events: rows.map(toRecordedEvent) };
      })();
    });
  }

  readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return Promise.resolve().then(() => {
      this.assertOpen();
      const backwards = options.direction === 'backwards';
      const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
      const rows = this.statements
        .get<[string, number, number], EventRow>(
          `SELECT * FROM events WHERE stream = ? AND revision ${backwards ? '<=' : '>='} ?
           ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT ?`,
        )
        .all(stream, from, options.limit ?? -1);
      return rows.map(toRecordedEvent);
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return Promise.resolve().then(() => {
      this.assertOpen();
      return this.readAllNow(options);
    });
  }

  headPosition(): Promise<Position | undefined> {
    return Promise.resolve().then(() => {
      this.assertOpen();
      return this.head();
    });
  }

  override countEvents(options: Pick<ReadAllOptions, 'from' | 'filter'> = {}): Promise<number> {
    return Promise.resolve().then(() => {
      this.assertOpen();
      const { where, params } = logQuery(options);
      return (
        this.statements
          .get<(string | number)[], { n: number }>(
            `SELECT COUNT(*) AS n FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
          )
          .get(...params)?.n ?? 0
      );
    });
  }

  async *subscribeToAll(options: SubscribeToAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { signal, filter } = options;
    let from = options.from;
    while (!signal?.aborted && !this.closed) {
      const handled = options.handledUpTo?.();
      if (handled && (!from || comparePositions(handled, from) > 0)) from = handled;
      // An append (or abort) that lands while the consumer holds one of the page's
      // events finds no listener; waiting anyway would leave it to the slow poll.
      const wakeUps = this.wakeUps;
      const { page, head } = this.readPageAndHead({ from, filter, limit: SUBSCRIPTION_PAGE });
      for (const event of page) {
        if (signal?.aborted) return;
        yield event;
        from = event.position;
      }
      if (page.length < SUBSCRIPTION_PAGE && head !== undefined && filter) {
        // A short page examined every event up to the head: the next read starts there.
        // Otherwise a filter that matches little (the actors' `actor-` streams among a
        // million dyad events) would rescan the whole log after its last match on every
        // poll, which took the event loop for most of each poll interval.
        from = head;
      }
      const missedNothing = wakeUps === this.wakeUps && !signal?.aborted;
      if (page.length < SUBSCRIPTION_PAGE && missedNothing) await this.nextAppend(signal);
    }
  }

  /**
   * A page of the log and the log's head, read in one transaction so that both see
   * the same snapshot: every event up to `head` was either on the page or filtered out.
   * Positions only grow (AUTOINCREMENT, one writer at a time), so no event at or below
   * the head can commit later.
   */
  private readPageAndHead(options: ReadAllOptions): {
    page: RecordedEvent[];
    head: Position | undefined;
  } {
    return this.db.transaction(() => {
      const page = this.readAllNow(options);
      const row = this.statements
        .get<[], { position: number | null }>('SELECT MAX(position) AS position FROM events')
        .get();
      return {
        page,
        head: row?.position == null ? undefined : positionOf(BigInt(row.position)),
      };
    })();
  }

  /**
   * The hooks run in each group's transaction, after its appends, with the events the
   * group appended (a refused or retried append adds none).
   */
  override inlineCommits(
    database: SqliteDatabase,
    hook: InlineCommitHook,
  ): (() => void) | undefined {
    if (database !== this.db) return undefined;
    this.inlineHooks.add(hook);
    return () => this.inlineHooks.delete(hook);
  }

  close(): Promise<void> {
    // What was acknowledged to no one yet still commits: nothing handed to append is lost.
    if (this.pending.length > 0) this.flush();
    this.closed = true;
    this.wakeSubscribers();
    return Promise.resolve();
  }

  /**
   * Commits every pending append in one transaction, each in a savepoint of its own,
   * with what the inline hooks write about them.
   */
  private flush(): void {
    this.flushScheduled = false;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    const outcomes: ({ result: AppendResult } | { error: unknown })[] = [];
    const afterCommit: (() => void)[] = [];
    try {
      this.db
        .transaction(() => {
          const hooks = [...this.inlineHooks];
          const headBefore = hooks.length > 0 ? this.head() : undefined;
          const recorded: RecordedEvent[] | undefined = hooks.length > 0 ? [] : undefined;
          for (const append of group) {
            try {
              // Nested in the group's transaction, this is a savepoint: a refused append
              // rolls back alone.
              outcomes.push({
                result: this.appendNow(append.stream, append.events, append.expected, recorded),
              });
            } catch (error) {
              // A full disk or a failing file refuses the group, not this append alone: the
              // transaction may already be rolled back by SQLite, and whatever ran after
              // it would commit outside the group. The whole group is answered with the error.
              if (groupLost(this.db, error)) throw error;
              outcomes.push({ error });
            }
          }
          if (!recorded || recorded.length === 0) return;
          for (const hook of hooks) {
            try {
              // In a savepoint: a hook that fails leaves no trace, and its readers catch up
              // from the log instead; the appends commit regardless.
              const then = this.db.transaction(() => hook(recorded, headBefore))();
              if (then) afterCommit.push(then);
            } catch (error) {
              if (groupLost(this.db, error)) throw error;
              continue;
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed (a full disk, a busy file): none of the group is stored.
      for (const append of group) append.reject(error);
      return;
    }
    for (const then of afterCommit) then();
    group.forEach((append, i) => {
      const outcome = outcomes[i];
      if (outcome && 'result' in outcome) append.resolve(outcome.result);
      else append.reject(outcome?.error);
    });
    this.wakeSubscribers();
  }

  private head(): Position | undefined {
    const row = this.statements
      .get<[], { position: number | null }>('SELECT MAX(position) AS position FROM events')
      .get();
    return row?.position == null ? undefined : positionOf(BigInt(row.position));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }

  private wakeSubscribers(): void {
    this.wakeUps += 1;
    this.appended.emit('appended');
  }

  private appendNow(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    recorded?: RecordedEvent[],
  ): AppendResult {
    return this.db
      .transaction((): AppendResult => {
        const current = this.streamRevision(stream);
        const retried = this.alreadyAppended(stream, events, expected, current);
        if (retried) return retried;
        if (!matches(expected, current)) {
          throw new WrongExpectedVersion(stream, expected, current ?? 'no_stream');
        }
        const recordedAt = this.clock().toISOString();
        const insert = this.statements.get<
          [string, string, number, string, string, string, string, string | null],
          never
        >(
          `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at, subject)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        let revision = current ?? -1;
        let position = 0n;
        const added: RecordedEvent[] = [];
        for (const event of events) {
          revision += 1;
          const data = JSON.stringify(event.data);
          const metadata = JSON.stringify(event.metadata);
          const subject = event.subject ?? null;
          const info = insert.run(
            event.id,
            stream,
            revision,
            event.type,
            data,
            metadata,
            recordedAt,
            subject,
          );
          position = BigInt(info.lastInsertRowid);
          // As a reader would get it back: the stored JSON, parsed.
          if (recorded) {
            added.push(
              toRecordedEvent({
                position: Number(position),
                id: event.id,
                stream,
                revision,
                type: event.type,
                data,
                metadata,
                recorded_at: recordedAt,
                subject,
              }),
            );
          }
        }
        // Only once the savepoint holds: a refused append adds nothing.
        recorded?.push(...added);
        if (events.length === 0) {
          return { nextExpectedRevision: revision, position: this.lastPositionOf(stream) };
        }
        return { nextExpectedRevision: revision, position: positionOf(position) };
      })
      .immediate();
  }

  /**
   * EventStoreDB's idempotence: when the events' ids are exactly the stream's events
   * right after the expected revision, the append already happened and succeeds again
   * without writing.
   */
  private alreadyAppended(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    current: number | undefined,
  ): AppendResult | undefined {
    if (events.length === 0 || current === undefined) return undefined;
    const first =
      typeof expected === 'number'
        ? expected + 1
        : expected === 'no_stream'
          ? 0
          : current - events.length + 1;
    if (first < 0 || first + events.length - 1 > current) return undefined;
    const stored = this.statements
      .get<[string, number, number], Pick<EventRow, 'id' | 'position' | 'revision'>>(
        `SELECT id, position, revision FROM events WHERE stream = ? AND revision >= ?
         ORDER BY revision LIMIT ?`,
      )
      .all(stream, first, events.length);
    const same =
      stored.length === events.length && stored.every((row, i) => row.id === events[i]?.id);
    const last = stored[stored.length - 1];
    if (!same || !last) return undefined;
    return {
      nextExpectedRevision: last.revision,
      position: positionOf(BigInt(last.position)),
      alreadyAppended: true,
    };
  }

  private streamRevision(stream: string): number | undefined {
    const row = this.statements
      .get<[string], { revision: number | null }>(
        'SELECT MAX(revision) AS revision FROM events WHERE stream = ?',
      )
      .get(stream);
    return row?.revision ?? undefined;
  }

  private lastPositionOf(stream: string): Position {
    const row = this.statements
      .get<[string], { position: number | null }>(
        'SELECT MAX(position) AS position FROM events WHERE stream = ?',
      )
      .get(stream);
    return positionOf(BigInt(row?.position ?? 0));
  }

  private readAllNow(options: ReadAllOptions): RecordedEvent[] {
    const backwards = options.direction === 'backwards';
    const { where, params } = logQuery(options);
    params.push(options.limit ?? -1);
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT ?`;
    return this.statements
      .get<(string | number)[], EventRow>(sql)
      .all(...params)
      .map(toRecordedEvent);
  }

  private nextAppend(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.appended.off('appended', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.appended.on('appended', done);
      signal?.addEventListener('abort', done);
    });
  }
}

function matches(expected: ExpectedRevision, current: number | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}

/** The WHERE clauses (and their parameters) that select part of the log. */
function logQuery(options: Pick<ReadAllOptions, 'from' | 'filter' | 'direction'>): {
  where: string[];
  params: (string | number)[];
} {
  const params: (string | number)[] = [];
  const where: string[] = [];
  if (options.from !== undefined) {
    where.push(`position ${options.direction === 'backwards' ? '<' : '>'} ?`);
    params.push(Number(positionParts(options.from).commit));
  }
  if (options.filter) {
    const { clause, values } = filterClause(options.filter);
    where.push(clause);
    params.push(...values);
  }
  return { where, params };
}

function filterClause(filter: LogFilter): { clause: string; values: (string | number)[] } {
  const column = filter.by === 'streamPrefix' ? 'stream' : 'type';
  // substr() compares prefixes exactly, where LIKE would treat `_` and `%` as wildcards.
  const clause = filter.prefixes.map(() => `substr(${column}, 1, ?) = ?`).join(' OR ');
  const values = filter.prefixes.flatMap((prefix) => [prefix.length, prefix]);
  return { clause: `(${clause || '0'})`, values };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    stream: row.stream,
    revision: row.revision,
    position: positionOf(BigInt(row.position)),
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at,
    ...(row.subject === null ? {} : { subject: row.subject }),
  };
}

/**
 * Whether an error inside the group's transaction dooms the whole group: a storage fault
 * (SQLite may roll the transaction back by itself on SQLITE_FULL or SQLITE_IOERR), or a
 * transaction already gone. Going on would commit nothing, or commit outside the group.
 */
function groupLost(db: SqliteDatabase, error: unknown): boolean {
  return isTransientStorageError(error) || !db.inTransaction;
}
