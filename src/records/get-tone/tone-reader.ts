import { DateTime, Duration } from 'luxon';
import type { ActorDirectory } from '../../actors';
import { BadInput, UnknownActor } from '../../common/domain-error';
import type { SqliteDatabase } from '../../database/open-database';
import {
  DEFAULT_VOLATILITY_WINDOW,
  setTonePoint,
  toneColumns,
  toneSeriesSteps,
  type ToneColumns,
  volatilityLookbackMs,
  WeightedMean,
  type CarriedEwma,
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
import {
  eventsOfReports,
  recordWeight,
  type ToneCount,
  type ToneEvent,
  type ToneReport,
  type ToneWeight,
} from '../domain/same-event';
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
  /** What each record weighs in the means, EWMA and volatility; `none` unless given. */
  readonly weight?: ToneWeight;
  /** Only records whose `origin.root` is not false (hand-coded records count as root). */
  readonly rootOnly?: boolean;
  /** Count each record (`reports`, the default) or each event its reports make. */
  readonly count?: ToneCount;
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
  readonly weight: ToneWeight;
  readonly rootOnly: boolean;
  readonly count: ToneCount;
  readonly series: ToneBucket[];
}

/** What one tone view may cost (`PARLEY_TONE_MAX_COST`); unbounded unless given. */
export interface ToneLimits {
  readonly maxCost?: number;
}

/** Reads the tone view; buckets are cut here because the zone is the caller's. */
export class ToneReader {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly actors: ActorDirectory,
    private readonly clock: () => Date = () => new Date(),
    private readonly limits: ToneLimits = {},
  ) {}

  /**
   * The view, computed a few hundred buckets at a time with the event loop let in
   * between: a view near the bucket cap is a second of work, and `/health/live` and every
   * other request must not wait behind it. A view costing more than `limits.maxCost` is
   * refused (422) before its buckets are computed.
   */
  async tone(request: ToneRequest): Promise<ToneView> {
    const steps = this.toneSteps(request);
    let step = steps.next();
    while (!step.done) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      step = steps.next();
    }
    return step.value;
  }

  /** {@link tone} in one go, for callers that share no event loop with requests (tests, scripts). */
  toneAtOnce(request: ToneRequest): ToneView {
    const steps = this.toneSteps(request);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  private *toneSteps(request: ToneRequest): Generator<void, ToneView, void> {
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
      ...(this.limits.maxCost === undefined ? {} : { maxCost: this.limits.maxCost }),
    };
    const lookbackMs = volatilityLookbackMs(options);
    const weight = request.weight ?? 'none';
    const rootOnly = request.rootOnly ?? false;
    const count = request.count ?? 'reports';
    // The default view reads as columns only what its buckets and first volatility
    // windows count; every older record still weighs in the weighted means (however
    // old: a bucket's ewma must not depend on where the range starts), folded in one
    // streaming pass that keeps no row. A weighed or event-counted view reads the
    // dyad's whole history, since an event's reports may straddle any cut.
    const defaultView = weight === 'none' && !rootOnly && count === 'reports';
    const points = defaultView
      ? this.columns(request, lookbackMs, toMs)
      : this.weighedColumns(request, -Infinity, toMs, { weight, rootOnly, count });
    const carried = defaultView ? this.carriedEwma(request, lookbackMs, halfLifeMs) : undefined;
    const series = yield* toneSeriesSteps(points, options, carried);
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
      weight,
      rootOnly,
      count,
      series,
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

  /**
   * The records grouped into one event with `recordId` (itself included), in occurrence
   * then record order, as the log held them at `asOfMs`; just the record when it is an
   * event of its own, and undefined when the tone view does not count it (unknown, or
   * retracted by then).
   */
  sameEventRecords(recordId: string, asOfMs?: number): string[] | undefined {
    const row = this.db
      .prepare<[string], Pick<TonePointRow, 'event_key'>>(
        `SELECT event_key FROM tone_points WHERE record_id = ? AND ${validAt(asOfMs)}`,
      )
      .get(recordId);
    if (!row) return undefined;
    if (row.event_key === null) return [recordId];
    return this.db
      .prepare<[string], Pick<TonePointRow, 'record_id'>>(
        `SELECT record_id FROM tone_points WHERE event_key = ? AND ${validAt(asOfMs)}
         ORDER BY occurred_at_ms, record_id`,
      )
      .all(row.event_key)
      .map((r) => r.record_id);
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

  /**
   * The weighted means after every record of the scope before `beforeMs`, fed in the
   * order {@link columns} reads (occurrence, then record id), so that the series goes on
   * exactly as if it had read them.
   */
  private carriedEwma(selector: DyadSelector, beforeMs: number, halfLifeMs: number): CarriedEwma {
    const carried = {
      intensity: new WeightedMean(halfLifeMs),
      tone: new WeightedMean(halfLifeMs),
    };
    const scope = dyadScope(selector, this.actors);
    const actors = scopeCondition(scope);
    const directed = selector.mode === 'directed';
    const rows = this.db
      .prepare<Record<string, string>, RawPoint>(
        `SELECT occurred_at_ms, kind, intensity, tone${directed ? '' : ', source, target'}
         FROM tone_points
         WHERE ${actors.sql} AND occurred_at_ms < ${finite(beforeMs)}
           AND ${validAt(selector.asOfMs)}
         ORDER BY occurred_at_ms, record_id`,
      )
      .raw()
      .iterate(actors.params);
    for (const [occurredAtMs, , intensity, tone, source, target] of rows) {
      if (
        !directed &&
        !scope.includes({ record_id: '', source, target, occurred_at_ms: occurredAtMs })
      )
        continue;
      carried.intensity.add(occurredAtMs, intensity);
      if (tone !== null) carried.tone.add(occurredAtMs, tone);
    }
    return carried;
  }

  /**
   * The points of the view's range under a weight, `rootOnly` or `count=events`. An
   * event is placed at its first report's time, so every report of an event with a
   * report in the range is read, wherever it lies (under `day`, the same UTC day; ICEWS
   * Event IDs may span more); an event whose first report lies after the range's end
   * is not the range's.
   */
  private weighedColumns(
    selector: DyadSelector,
    fromMs: number,
    toMs: number,
    view: { weight: ToneWeight; rootOnly: boolean; count: ToneCount },
  ): ToneColumns {
    const scope = dyadScope(selector, this.actors);
    const actors = scopeCondition(scope);
    const root = view.rootOnly ? 'AND (root IS NULL OR root = 1)' : '';
    const read = (where: string, params: Record<string, string>): WeighedRow[] =>
      this.db
        .prepare<Record<string, string>, WeighedRow>(
          `SELECT record_id, source, target, kind, occurred_at_ms, intensity, tone,
                  mentions, sources, articles, event_key
           FROM tone_points
           WHERE ${where} ${root} AND ${validAt(selector.asOfMs)}
           ORDER BY occurred_at_ms, record_id`,
        )
        .all(params)
        .filter((row) => scope.includes(row));
    let rows = read(
      `${actors.sql} AND occurred_at_ms >= ${finite(fromMs)} AND occurred_at_ms < ${finite(toMs)}`,
      actors.params,
    );
    const toReport = (row: WeighedRow): ToneReport => ({
      occurredAtMs: row.occurred_at_ms,
      kind: row.kind,
      intensity: row.intensity,
      ...(row.tone === null ? {} : { tone: row.tone }),
      weight: recordWeight(
        {
          ...(row.mentions === null ? {} : { mentions: row.mentions }),
          ...(row.sources === null ? {} : { sources: row.sources }),
          ...(row.articles === null ? {} : { articles: row.articles }),
        },
        view.weight,
      ),
      eventKey: row.event_key,
    });
    let points: readonly (ToneReport | ToneEvent)[];
    if (view.count === 'events') {
      const keys = [...new Set(rows.flatMap((r) => (r.event_key === null ? [] : [r.event_key])))];
      if (keys.length > 0) {
        const seen = new Set(rows.map((r) => r.record_id));
        const others = read(`event_key IN (SELECT value FROM json_each(@eventKeys))`, {
          eventKeys: JSON.stringify(keys),
        }).filter((r) => !seen.has(r.record_id));
        rows = [...rows, ...others].sort(
          (a, b) =>
            a.occurred_at_ms - b.occurred_at_ms ||
            (a.record_id < b.record_id ? -1 : a.record_id > b.record_id ? 1 : 0),
        );
      }
      points = eventsOfReports(rows.map(toReport)).filter((e) => e.occurredAtMs < toMs);
    } else {
      points = rows.map(toReport);
    }
    const columns = toneColumns(points.length);
    points.forEach((p, i) =>
      setTonePoint(columns, i, p.occurredAtMs, p.kind, p.intensity, p.tone, p.weight),
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

/** What a weighed or event-counted view reads of a row of `tone_points`. */
type WeighedRow = Pick<
  TonePointRow,
  | 'record_id'
  | 'source'
  | 'target'
  | 'kind'
  | 'occurred_at_ms'
  | 'intensity'
  | 'tone'
  | 'mentions'
  | 'sources'
  | 'articles'
  | 'event_key'
>;

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
