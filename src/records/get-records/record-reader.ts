import type { SqliteDatabase } from '../../database/open-database';
import {
  THREAT_OUTCOMES,
  type RecordDraft,
  type RecordKind,
  type ThreatOutcome,
} from '../domain/record';
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

/** Rows read at a time for a page of a dyad view's records, of which some may not count. */
const SCOPE_BATCH = 200;

/** The version valid at a recorded instant, or the current one. */
export function validAt(asOfMs: number | undefined): string {
  return asOfMs === undefined
    ? 'valid_to_ms IS NULL'
    : `valid_from_ms <= ${Math.floor(asOfMs)} AND (valid_to_ms IS NULL OR valid_to_ms > ${Math.floor(asOfMs)})`;
}

/** Reads the records view; never replays a stream. */
export class RecordReader {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The dyad stream that holds a record, whatever its state. */
  streamOf(recordId: string): string | undefined {
    return this.db
      .prepare<[string], { stream: string }>(
        'SELECT stream FROM record_versions WHERE record_id = ? LIMIT 1',
      )
      .get(recordId)?.stream;
  }

  get(recordId: string, asOfMs?: number): RecordDetail | undefined {
    const row = this.db
      .prepare<[string], RecordVersionRow>(
        `SELECT * FROM record_versions WHERE record_id = ? AND ${validAt(asOfMs)}`,
      )
      .get(recordId);
    if (!row) return undefined;
    const history = this.db
      .prepare<[string, number], RecordVersionRow>(
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
    return { ...this.view(row, asOfMs), history };
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
    const read = (after: [number, string] | undefined): RecordVersionRow[] =>
      this.db
        .prepare<Record<string, string | number>, RecordVersionRow>(
          `SELECT * FROM record_versions WHERE ${[...where, ...(after ? [afterCursor] : [])].join(' AND ')}
           ORDER BY occurred_at_ms ${direction}, record_id ${direction} LIMIT @limit`,
        )
        .all({ ...params, limit: batch, ...(after && { cursorMs: after[0], cursorId: after[1] }) });
    const kept: RecordVersionRow[] = [];
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
    return {
      items: page.map((row) => this.view(row, filter.asOfMs)),
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

  private view(row: RecordVersionRow, asOfMs: number | undefined): RecordView {
    const record = JSON.parse(row.body) as RecordDraft;
    const outcome =
      row.outcome === null ? undefined : (JSON.parse(row.outcome) as ThreatOutcomeView);
    const nowMs = asOfMs ?? this.clock().getTime();
    const deadlineMs = record.threat?.deadline ? Date.parse(record.threat.deadline) : undefined;
    const threatStatus: ThreatStatus | undefined =
      record.kind !== 'threat'
        ? undefined
        : (outcome?.outcome ??
          (deadlineMs !== undefined && deadlineMs <= nowMs ? 'lapsed' : 'open'));
    return {
      ...record,
      stream: row.stream,
      status: row.status,
      version: row.version,
      intensity: row.intensity,
      intensitySource: row.intensity_source,
      intensityCode: row.intensity_code,
      ...(outcome ? { outcome } : {}),
      ...(threatStatus ? { threatStatus } : {}),
      recordedAt: row.first_recorded_at,
      updatedAt: row.recorded_at,
      position: row.position,
    };
  }
}

/** The filter as SQL conditions on `record_versions`, with their named parameters. */
function conditions(filter: RecordFilter): {
  where: string[];
  params: Record<string, string | number>;
} {
  const where = [validAt(filter.asOfMs)];
  const params: Record<string, string | number> = {};
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
