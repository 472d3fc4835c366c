import type { SqliteDatabase } from '../../database/open-database';
import { StatementCache } from '../../database/statement-cache';
import {
  THREAT_OUTCOMES,
  type RecordDraft,
  type RecordKind,
  type ThreatOutcome,
} from '../domain/record';
import { toneSourceOf } from '../domain/tone-source';
import { scopeCondition, type DyadScope } from '../dyad-scope';
import type { RecordVersionRow } from './records.projection';

/** A threat's fate as the reads show it: its recorded outcome, or `open`. */
export const THREAT_STATUSES = [...THREAT_OUTCOMES, 'open'] as const;
export type ThreatStatus = (typeof THREAT_STATUSES)[number];

/** What came of a threat, as recorded. */
export interface ThreatOutcomeView {
  readonly outcome: ThreatOutcome;
  readonly occurredAt: string;
  readonly note?: string;
  readonly recordedAt: string;
}

export interface RecordView extends RecordDraft {
  readonly stream: string;
  readonly status: 'active' | 'retracted';
  readonly version: number;
  readonly intensity: number;
  readonly intensitySource: string;
  readonly intensityCode: string;
  /** Where the tone came from (`recorder`, `gdelt2:AvgTone`, ...): see `toneSourceOf`; absent without a tone. */
  readonly toneSource?: string;
  readonly outcome?: ThreatOutcomeView;
  /** For threats: the recorded outcome, `lapsed` once the deadline has passed with none, else `open`. */
  readonly threatStatus?: ThreatStatus;
  /** When the record was first recorded. */
  readonly recordedAt: string;
  /** When this version was recorded. */
  readonly updatedAt: string;
  readonly position: string;
}

export interface RecordHistoryEntry {
  readonly version: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly revision: number;
  readonly position: string;
  readonly reason?: string;
  readonly changes?: unknown;
}

/** A record as `GET /records/{id}` answers it: with every version up to the one shown. */
export interface RecordDetail extends RecordView {
  readonly history: RecordHistoryEntry[];
}

export interface RecordFilter {
  readonly source?: string;
  readonly target?: string;
  readonly kind?: RecordKind;
  readonly topic?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Recorded time to read as of; undefined reads now. */
  readonly asOfMs?: number;
  readonly includeRetracted?: boolean;
  readonly order?: 'asc' | 'desc';
  /** Only the records behind a view of a dyad: those its tone view counts (see dyadScope). */
  readonly scope?: DyadScope;
}

export interface RecordPage {
  readonly items: RecordView[];
  readonly nextCursor: string | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Rows read at a time for a page of a dyad view's records, of which some may not count. */
const SCOPE_BATCH = 200;

/** What a listed record is made of: the columns {@link RecordReader.view} and a scope read. */
type ListedRow = Pick<
  RecordVersionRow,
  | 'record_id'
  | 'occurred_at_ms'
  | 'source'
  | 'target'
  | 'stream'
  | 'status'
  | 'version'
  | 'intensity'
  | 'intensity_source'
  | 'intensity_code'
  | 'first_recorded_at'
  | 'recorded_at'
  | 'position'
  | 'body'
  | 'outcome'
>;

/**
 * The columns a page reads, in this order, as arrays (better-sqlite3's raw mode): a
 * page of 50 rows of all 23 columns spent more time building the rows' objects than
 * SQLite spent finding them.
 */
const LISTED_COLUMNS =
  'record_id, occurred_at_ms, source, target, stream, status, version, intensity, ' +
  'intensity_source, intensity_code, first_recorded_at, recorded_at, position, body, outcome';
type ListedTuple = [
  string,
  number,
  string,
  string,
  string,
  RecordVersionRow['status'],
  number,
  number,
  string,
  string,
  string,
  string,
  string,
  string,
  string | null,
];

function listedRow(t: ListedTuple): ListedRow {
  return {
    record_id: t[0],
    occurred_at_ms: t[1],
    source: t[2],
    target: t[3],
    stream: t[4],
    status: t[5],
    version: t[6],
    intensity: t[7],
    intensity_source: t[8],
    intensity_code: t[9],
    first_recorded_at: t[10],
    recorded_at: t[11],
    position: t[12],
    body: t[13],
    outcome: t[14],
  };
}

/** The version valid at a recorded instant, or the current one. */
export function validAt(asOfMs: number | undefined): string {
  return asOfMs === undefined
    ? 'valid_to_ms IS NULL'
    : `valid_from_ms <= ${Math.floor(asOfMs)} AND (valid_to_ms IS NULL OR valid_to_ms > ${Math.floor(asOfMs)})`;
}

/**
 * {@link validAt} with the instant as the parameter `@asOfMs`, so that the SQL is the same
 * for every instant and its prepared statement can be reused.
 */
function validAtParameter(asOfMs: number | undefined): {
  sql: string;
  params: Record<string, number>;
} {
  return asOfMs === undefined
    ? { sql: 'valid_to_ms IS NULL', params: {} }
    : {
        sql: 'valid_from_ms <= @asOfMs AND (valid_to_ms IS NULL OR valid_to_ms > @asOfMs)',
        params: { asOfMs: Math.floor(asOfMs) },
      };
}

/** Reads the records view; never replays a stream. */
export class RecordReader {
  // Prepared when first used, not here: the reader is made before the projections have
  // created the view it reads.
  private readonly statements: StatementCache;

  constructor(
    db: SqliteDatabase,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.statements = new StatementCache(db);
  }

  /** The dyad stream that holds a record, whatever its state. */
  streamOf(recordId: string): string | undefined {
    return this.statements
      .get<[string], { stream: string }>(
        'SELECT stream FROM record_versions WHERE record_id = ? LIMIT 1',
      )
      .get(recordId)?.stream;
  }

  get(recordId: string, asOfMs?: number): RecordDetail | undefined {
    const valid = validAtParameter(asOfMs);
    const row = this.statements
      .get<[Record<string, string | number>], RecordVersionRow>(
        `SELECT * FROM record_versions WHERE record_id = @recordId AND ${valid.sql}`,
      )
      .get({ ...valid.params, recordId });
    if (!row) return undefined;
    const history = this.statements
      .get<[string, number], RecordVersionRow>(
        'SELECT * FROM record_versions WHERE record_id = ? AND version <= ? ORDER BY version',
      )
      .all(recordId, row.version)
      .map((v): RecordHistoryEntry => ({
        version: v.version,
        type: v.event_type,
        recordedAt: v.recorded_at,
        revision: v.revision,
        position: v.position,
        ...(v.reason === null ? {} : { reason: v.reason }),
        ...(v.changes === null ? {} : { changes: JSON.parse(v.changes) as unknown }),
      }));
    return { ...this.view(row, this.nowMs(asOfMs)), history };
  }

  list(filter: RecordFilter, limit: number, cursor?: string): RecordPage {
    const { where, params } = conditions(filter);
    const desc = filter.order === 'desc';
    const direction = desc ? 'DESC' : 'ASC';
    const afterCursor = `(occurred_at_ms, record_id) ${desc ? '<' : '>'} (@cursorMs, @cursorId)`;
    const { scope } = filter;
    // A scope's SQL narrows to its actors; whether a row counts (a roll-up's member inside
    // its affiliation's span) is decided here, so a page of a scope may take several reads.
    const batch = scope ? Math.max(limit + 1, SCOPE_BATCH) : limit + 1;
    const sql = (withCursor: boolean): string =>
      `SELECT ${LISTED_COLUMNS} FROM record_versions WHERE ${[...where, ...(withCursor ? [afterCursor] : [])].join(' AND ')}
           ORDER BY occurred_at_ms ${direction}, record_id ${direction} LIMIT @limit`;
    const read = (after: [number, string] | undefined): ListedRow[] =>
      this.statements
        .get<[Record<string, string | number>], ListedTuple>(sql(after !== undefined), true)
        .all({ ...params, limit: batch, ...(after && { cursorMs: after[0], cursorId: after[1] }) })
        .map(listedRow);
    const kept: ListedRow[] = [];
    let after = cursor === undefined ? undefined : decodeCursor(cursor);
    for (;;) {
      const rows = read(after);
      for (const row of rows) {
        if (scope === undefined || scope.includes(row)) kept.push(row);
        if (kept.length > limit) break;
      }
      const last = rows[rows.length - 1];
      if (kept.length > limit || rows.length < batch || last === undefined) break;
      after = [last.occurred_at_ms, last.record_id];
    }
    const page = kept.slice(0, limit);
    const last = page[page.length - 1];
    const nowMs = this.nowMs(filter.asOfMs);
    return {
      items: page.map((row) => this.view(row, nowMs)),
      nextCursor:
        kept.length > limit && last ? encodeCursor([last.occurred_at_ms, last.record_id]) : null,
    };
  }

  /** Every record that matches, page by page, for exports. */
  *all(filter: RecordFilter, pageSize = 500): Generator<RecordView> {
    let cursor: string | undefined;
    do {
      const page = this.list(filter, pageSize, cursor);
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Whether a correction up to `version` gave the record a tone (a recorder's, then). */
  private toneCorrected(recordId: string, version: number): boolean {
    return (
      this.statements
        .get<[string, number], { found: number }>(
          `SELECT 1 AS found FROM record_versions WHERE record_id = ? AND version <= ?
             AND json_extract(changes, '$.tone') IS NOT NULL LIMIT 1`,
        )
        .get(recordId, version) !== undefined
    );
  }

  /** The instant a threat's deadline is judged at: `asOf`, else now. */
  private nowMs(asOfMs: number | undefined): number {
    return asOfMs ?? this.clock().getTime();
  }

  private view(row: ListedRow, nowMs: number): RecordView {
    const record = JSON.parse(row.body) as RecordDraft;
    const outcome =
      row.outcome === null ? undefined : (JSON.parse(row.outcome) as ThreatOutcomeView);
    const deadlineMs = record.threat?.deadline ? Date.parse(record.threat.deadline) : undefined;
    const threatStatus: ThreatStatus | undefined =
      record.kind !== 'threat'
        ? undefined
        : (outcome?.outcome ??
          (deadlineMs !== undefined && deadlineMs <= nowMs ? 'lapsed' : 'open'));
    // The parsed body is this call's own, so the view is made by adding to it, in the
    // order (and so with the JSON) that `{ ...record, stream, ... }` gave. Not by
    // spreading: each body has its own set of optional fields, and V8 copied each
    // differently shaped object on a slow path, twenty times the cost of parsing it
    // (1.6 ms of a page of 50, against 85 µs for the parse).
    const view = record as Mutable<RecordView>;
    view.stream = row.stream;
    view.status = row.status;
    view.version = row.version;
    view.intensity = row.intensity;
    view.intensitySource = row.intensity_source;
    view.intensityCode = row.intensity_code;
    const toneSource = toneSourceOf(
      record,
      // Asked only of a corrected dataset record with a tone: one read by primary key.
      record.origin !== undefined &&
        record.tone !== undefined &&
        row.version > 1 &&
        this.toneCorrected(row.record_id, row.version),
    );
    if (toneSource !== undefined) view.toneSource = toneSource;
    if (outcome) view.outcome = outcome;
    if (threatStatus) view.threatStatus = threatStatus;
    view.recordedAt = row.first_recorded_at;
    view.updatedAt = row.recorded_at;
    view.position = row.position;
    return view;
  }
}

/** The filter as SQL conditions on `record_versions`, with their named parameters. */
function conditions(filter: RecordFilter): {
  where: string[];
  params: Record<string, string | number>;
} {
  const valid = validAtParameter(filter.asOfMs);
  const where = [valid.sql];
  const params: Record<string, string | number> = { ...valid.params };
  if (!filter.includeRetracted) where.push(`status = 'active'`);
  const equal = { source: filter.source, target: filter.target, kind: filter.kind } as const;
  for (const [column, value] of Object.entries(equal)) {
    if (value === undefined) continue;
    where.push(`${column} = @${column}`);
    params[column] = value;
  }
  if (filter.fromMs !== undefined) {
    where.push('occurred_at_ms >= @fromMs');
    params.fromMs = filter.fromMs;
  }
  if (filter.toMs !== undefined) {
    where.push('occurred_at_ms < @toMs');
    params.toMs = filter.toMs;
  }
  if (filter.topic) {
    where.push(
      `EXISTS (SELECT 1 FROM json_each(record_versions.body, '$.topics') WHERE value = @topic)`,
    );
    params.topic = filter.topic;
  }
  if (filter.scope) {
    const actors = scopeCondition(filter.scope);
    where.push(actors.sql);
    Object.assign(params, actors.params);
  }
  return { where, params };
}

function encodeCursor(value: [number, string]): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Undefined for a cursor this service did not make. */
export function decodeCursor(cursor: string): [number, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    return undefined;
  }
  return undefined;
}
