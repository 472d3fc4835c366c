import { DateTime, Duration } from 'luxon';
import type { ActorDirectory } from '../../actors';
import { BadInput, UnknownActor } from '../../common/domain-error';
import type { SqliteDatabase } from '../../database/open-database';
import {
  DEFAULT_VOLATILITY_WINDOW,
  setTonePoint,
  toneColumns,
  toneSeriesOfColumns,
  type ToneColumns,
  volatilityLookbackMs,
  type Bucket,
  type ToneBucket,
  type TonePoint,
  type ToneSeriesOptions,
} from '../domain/tone-series';
import {
  dyadScope,
  scopeCondition,
  type DyadRow,
  type DyadScope,
  type DyadSelector,
  type ToneMode,
} from '../dyad-scope';
import { validAt } from '../get-records/record-reader';
import type { RecordKind } from '../domain/record';
import type { TonePointRow } from './tone.projection';

export interface ToneRequest extends DyadSelector {
  readonly from?: string;
  readonly to?: string;
  readonly bucket: Bucket;
  readonly tz: string;
  readonly asOf?: string;
  readonly halfLife: string;
  /** Buckets in the rolling volatility's window; {@link DEFAULT_VOLATILITY_WINDOW} unless given. */
  readonly volatilityWindow?: number;
}

export interface ToneView {
  readonly source: string;
  readonly target: string;
  readonly mode: ToneMode;
  readonly bucket: Bucket;
  readonly tz: string;
  readonly from: string;
  readonly to: string;
  readonly asOf: string | null;
  readonly halfLife: string;
  readonly volatilityWindow: number;
  readonly series: ToneBucket[];
}

/** Points older than this many half-lives weigh under a millionth: they are not read. */
const LOOKBACK_HALF_LIVES = 20;

/** Reads the tone view; buckets are cut here because the zone is the caller's. */
export class ToneReader {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly actors: ActorDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  tone(request: ToneRequest): ToneView {
    this.requireActors(request);
    const halfLifeMs = parseHalfLife(request.halfLife);
    const nowMs = request.asOfMs ?? this.clock().getTime();
    const toMs = request.to === undefined ? nowMs : Date.parse(request.to);
    const fromMs =
      request.from !== undefined
        ? Date.parse(request.from)
        : (this.firstOccurrence(request, toMs) ??
          DateTime.fromMillis(toMs).minus({ years: 1 }).toMillis());
    if (fromMs >= toMs) throw new BadInput('"from" must be before "to"', 'from');
    const volatilityWindow = request.volatilityWindow ?? DEFAULT_VOLATILITY_WINDOW;
    const options: ToneSeriesOptions = {
      fromMs,
      toMs,
      bucket: request.bucket,
      zone: request.tz,
      halfLifeMs,
      volatilityWindow,
    };
    const lookbackMs = Math.min(
      fromMs - LOOKBACK_HALF_LIVES * halfLifeMs,
      volatilityLookbackMs(options),
    );
    // Only the range the answer needs, and what the weighted means and the first
    // volatility windows need before it.
    const points = this.columns(request, lookbackMs, toMs);
    const zoneTime = (ms: number): string =>
      DateTime.fromMillis(ms, { zone: request.tz }).toISO({ suppressMilliseconds: true }) ?? '';
    return {
      source: request.source,
      target: request.target,
      mode: request.mode,
      bucket: request.bucket,
      tz: request.tz,
      from: zoneTime(fromMs),
      to: zoneTime(toMs),
      asOf: request.asOf ?? null,
      halfLife: request.halfLife,
      volatilityWindow,
      series: toneSeriesOfColumns(points, options),
    };
  }

  /** The points of a dyad, sorted by occurrence, as the log held them at `asOfMs`. */
  points(
    selector: DyadSelector,
    fromMs: number,
    toMs: number,
  ): (TonePoint & { recordId: string })[] {
    const rows = this.rows(selector, fromMs, toMs);
    return rows.map((row) => ({
      recordId: row.record_id,
      occurredAtMs: row.occurred_at_ms,
      kind: row.kind,
      intensity: row.intensity,
      ...(row.tone === null ? {} : { tone: row.tone }),
    }));
  }

  requireActors(selector: Pick<DyadSelector, 'source' | 'target'>): void {
    if (!this.actors.exists(selector.source)) throw new UnknownActor(selector.source, 'source');
    if (!this.actors.exists(selector.target)) throw new UnknownActor(selector.target, 'target');
  }

  /** Which records stand behind the view (see dyadScope): the ones every series here counts. */
  scope(selector: DyadSelector): DyadScope {
    this.requireActors(selector);
    return dyadScope(selector, this.actors);
  }

  /** When the scope's first record before `toMs` occurred, as the log held it at `asOfMs`. */
  private firstOccurrence(selector: DyadSelector, toMs: number): number | undefined {
    const scope = dyadScope(selector, this.actors);
    const actors = scopeCondition(scope);
    const rows = this.db
      .prepare<Record<string, string>, DyadRow>(
        `SELECT record_id, source, target, occurred_at_ms FROM tone_points
         WHERE ${actors.sql} AND occurred_at_ms < ${finite(toMs)}
           AND ${validAt(selector.asOfMs)}
         ORDER BY occurred_at_ms, record_id`,
      )
      .iterate(actors.params);
    for (const row of rows) {
      if (scope.includes(row)) {
        const first = row.occurred_at_ms;
        rows.return?.();
        return first;
      }
    }
    return undefined;
  }

  /**
   * The points of the view's range, straight into columns: raw rows from the covering
   * index, no object a point. A directed view's SQL condition is its whole scope.
   */
  private columns(selector: DyadSelector, fromMs: number, toMs: number): ToneColumns {
    const scope = dyadScope(selector, this.actors);
    const actors = scopeCondition(scope);
    const directed = selector.mode === 'directed';
    const raw = this.db
      .prepare<Record<string, string>, RawPoint>(
        `SELECT occurred_at_ms, kind, intensity, tone${directed ? '' : ', source, target'}
         FROM tone_points
         WHERE ${actors.sql}
           AND occurred_at_ms >= ${finite(fromMs)} AND occurred_at_ms < ${finite(toMs)}
           AND ${validAt(selector.asOfMs)}
         ORDER BY occurred_at_ms, record_id`,
      )
      .raw()
      .all(actors.params);
    const rows = directed
      ? raw
      : raw.filter(([occurred_at_ms, , , , source, target]) =>
          scope.includes({ record_id: '', source, target, occurred_at_ms }),
        );
    const columns = toneColumns(rows.length);
    rows.forEach(([occurredAtMs, kind, intensity, tone], i) =>
      setTonePoint(columns, i, occurredAtMs, kind, intensity, tone),
    );
    return columns;
  }

  private rows(selector: DyadSelector, fromMs: number, toMs: number): PointRow[] {
    const scope = dyadScope(selector, this.actors);
    const actors = scopeCondition(scope);
    return this.db
      .prepare<Record<string, string>, PointRow>(
        `SELECT record_id, source, target, kind, occurred_at_ms, intensity, tone FROM tone_points
         WHERE ${actors.sql}
           AND occurred_at_ms >= ${finite(fromMs)} AND occurred_at_ms < ${finite(toMs)}
           AND ${validAt(selector.asOfMs)}
         ORDER BY occurred_at_ms, record_id`,
      )
      .all(actors.params)
      .filter((row) => scope.includes(row));
  }
}

/** A raw row of the tone view's read: occurrence, kind, intensity, tone, and (unless directed) source, target. */
type RawPoint = [number, RecordKind, number, number | null, string, string];

/** What the series read of a row of `tone_points`. */
type PointRow = Pick<
  TonePointRow,
  'record_id' | 'source' | 'target' | 'kind' | 'occurred_at_ms' | 'intensity' | 'tone'
>;

function finite(ms: number): number {
  return Number.isFinite(ms)
    ? Math.floor(ms)
    : ms > 0
      ? Number.MAX_SAFE_INTEGER
      : Number.MIN_SAFE_INTEGER;
}

export function parseHalfLife(halfLife: string): number {
  const duration = Duration.fromISO(halfLife);
  const ms = duration.isValid ? duration.as('milliseconds') : NaN;
  if (!(ms > 0))
    throw new BadInput(
      `"${halfLife}" is not a positive ISO 8601 duration such as P30D`,
      'halfLife',
    );
  return ms;
}
