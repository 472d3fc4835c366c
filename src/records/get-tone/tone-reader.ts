import { DateTime, Duration } from 'luxon';
import type { ActorDirectory, MembershipSpan } from '../../actors/get-actors/actor-directory';
import { BadInput, UnknownActor } from '../../common/domain-error';
import type { SqliteDatabase } from '../../database/open-database';
import {
  DEFAULT_VOLATILITY_WINDOW,
  toneSeries,
  volatilityLookbackMs,
  type Bucket,
  type ToneBucket,
  type TonePoint,
  type ToneSeriesOptions,
} from '../domain/tone-series';
import { validAt } from '../get-records/record-reader';
import type { TonePointRow } from './tone.projection';

export const TONE_MODES = ['directed', 'pair', 'rollup'] as const;
export type ToneMode = (typeof TONE_MODES)[number];

export interface DyadSelector {
  readonly source: string;
  readonly target: string;
  readonly mode: ToneMode;
  readonly asOfMs?: number;
}

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
    const everything = this.points(request, -Infinity, toMs);
    const fromMs =
      request.from !== undefined
        ? Date.parse(request.from)
        : (everything[0]?.occurredAtMs ?? DateTime.fromMillis(toMs).minus({ years: 1 }).toMillis());
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
    const points = everything.filter((p) => p.occurredAtMs >= lookbackMs);
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
      series: toneSeries(points, options),
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

  private rows(selector: DyadSelector, fromMs: number, toMs: number): TonePointRow[] {
    const range = `occurred_at_ms >= ${finite(fromMs)} AND occurred_at_ms < ${finite(toMs)} AND ${validAt(selector.asOfMs)}`;
    const byDyad = this.db.prepare<[string, string], TonePointRow>(
      `SELECT * FROM tone_points WHERE source = ? AND target = ? AND ${range} ORDER BY occurred_at_ms, record_id`,
    );
    switch (selector.mode) {
      case 'directed':
        return byDyad.all(selector.source, selector.target);
      case 'pair':
        return sortByTime([
          ...byDyad.all(selector.source, selector.target),
          ...(selector.source === selector.target
            ? []
            : byDyad.all(selector.target, selector.source)),
        ]);
      case 'rollup': {
        const sources = this.actors.members(selector.source, selector.asOfMs);
        const targets = this.actors.members(selector.target, selector.asOfMs);
        const ids = (spans: MembershipSpan[]): string =>
          JSON.stringify([...new Set(spans.map((s) => s.actor))]);
        const candidates = this.db
          .prepare<[string, string], TonePointRow>(
            `SELECT * FROM tone_points
             WHERE source IN (SELECT value FROM json_each(?)) AND target IN (SELECT value FROM json_each(?))
               AND ${range} ORDER BY occurred_at_ms, record_id`,
          )
          .all(ids(sources), ids(targets));
        // Roll-up follows the affiliations valid at the event's time: USA→RUS takes in
        // Trump→Putin only from the day Trump heads the US government.
        return candidates.filter(
          (row) =>
            covers(sources, row.source, row.occurred_at_ms) &&
            covers(targets, row.target, row.occurred_at_ms),
        );
      }
    }
  }
}

function covers(spans: readonly MembershipSpan[], actor: string, atMs: number): boolean {
  return spans.some((s) => s.actor === actor && s.fromMs <= atMs && atMs < s.toMs);
}

function sortByTime(rows: TonePointRow[]): TonePointRow[] {
  return rows.sort(
    (a, b) => a.occurred_at_ms - b.occurred_at_ms || (a.record_id < b.record_id ? -1 : 1),
  );
}

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
