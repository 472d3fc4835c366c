import { Duration } from 'luxon';
import { BadInput } from '../../common/domain-error';
import { sampleStandardDeviation } from '../domain/dispersion';
import { RECORD_KINDS, type DenialTarget, type ThreatTerms } from '../domain/record';
import { round, WeightedMean, type KindCounts, type TonePoint } from '../domain/tone-series';
import type { RecordReader, RecordView, ThreatStatus } from '../get-records/record-reader';
import type { DyadSelector, ToneMode } from '../dyad-scope';
import { parseHalfLife, type ToneReader } from './tone-reader';

export interface SummaryRequest extends DyadSelector {
  readonly asOf?: string;
  readonly halfLife: string;
  readonly window: string;
}

/** One measure's climate (its weighted mean) and how it moved over the last window. */
export interface MeasureSummary {
  /** The weighted mean after the latest record: the relationship's climate. */
  readonly climate: number | null;
  /** The climate one window before the latest record. */
  readonly climateBefore: number | null;
  readonly change: number | null;
  readonly trend: 'warming' | 'cooling' | 'steady' | null;
  /**
   * Sample standard deviation (n − 1) of the values in the window ending at the latest
   * record, as the tone view's rolling volatility; null with fewer than two values.
   */
  readonly volatility: number | null;
}

/** Who said it to whom, when, in their words: what the summary shows of each threat and denial. */
type RecordGist = Pick<RecordView, 'id' | 'source' | 'target' | 'occurredAt' | 'quote'>;

/** A threat with its terms and its fate as of the summary's `asOf`. */
export interface SummaryThreat extends RecordGist, ThreatTerms {
  readonly status?: ThreatStatus;
}

export interface SummaryThreats {
  readonly open: number;
  readonly carriedOut: number;
  readonly withdrawn: number;
  readonly lapsed: number;
  readonly items: SummaryThreat[];
}

/** A denial with what it denies. */
export interface SummaryDenial extends RecordGist, DenialTarget {}

export interface SummaryDenials {
  readonly count: number;
  readonly items: SummaryDenial[];
}

/** A relationship at a glance, as `GET /dyads/{source}/{target}/summary` answers it. */
export interface DyadSummary {
  readonly source: string;
  readonly target: string;
  readonly mode: ToneMode;
  readonly asOf: string | null;
  readonly halfLife: string;
  readonly window: string;
  readonly counts: KindCounts;
  readonly firstOccurredAt: string | null;
  readonly lastOccurredAt: string | null;
  readonly intensity: MeasureSummary;
  readonly tone: MeasureSummary;
  readonly threats: SummaryThreats;
  readonly denials: SummaryDenials;
}

/** A move of the weighted mean smaller than this, on a 20-point scale, is no trend. */
const STEADY_WITHIN = 0.5;

export class SummaryReader {
  constructor(
    private readonly tone: ToneReader,
    private readonly records: RecordReader,
  ) {}

  summary(request: SummaryRequest): DyadSummary {
    this.tone.requireActors(request);
    const halfLifeMs = parseHalfLife(request.halfLife);
    const window = Duration.fromISO(request.window);
    const windowMs = window.isValid ? window.as('milliseconds') : NaN;
    if (!(windowMs > 0))
      throw new BadInput(`"${request.window}" is not a positive ISO 8601 duration`, 'window');
    const points = this.tone.points(request, -Infinity, Infinity);
    const first = points[0];
    const last = points[points.length - 1];
    const counts = Object.fromEntries([...RECORD_KINDS, 'total'].map((k) => [k, 0])) as KindCounts;
    for (const p of points) {
      counts[p.kind] += 1;
      counts.total += 1;
    }
    // Only threats and denials are listed: statements and actions (a dataset's dyad can
    // hold thousands) are counted, never read one by one.
    const views = points
      .filter((p) => p.kind === 'threat' || p.kind === 'denial')
      .map((p) => this.records.get(p.recordId, request.asOfMs))
      .filter((v): v is NonNullable<typeof v> => v !== undefined);
    const threats = views.filter((v) => v.kind === 'threat');
    const statusCount = (status: ThreatStatus): number =>
      threats.filter((t) => t.threatStatus === status).length;
    const measure = (value: (p: TonePoint) => number | undefined): MeasureSummary =>
      summarise(points, value, halfLifeMs, windowMs);
    return {
      source: request.source,
      target: request.target,
      mode: request.mode,
      asOf: request.asOf ?? null,
      halfLife: request.halfLife,
      window: request.window,
      counts,
      firstOccurredAt: first ? new Date(first.occurredAtMs).toISOString() : null,
      lastOccurredAt: last ? new Date(last.occurredAtMs).toISOString() : null,
      intensity: measure((p) => p.intensity),
      tone: measure((p) => p.tone),
      threats: {
        open: statusCount('open'),
        carriedOut: statusCount('carried-out'),
        withdrawn: statusCount('withdrawn'),
        lapsed: statusCount('lapsed'),
        // A threat always names its terms (kindRuleBroken): none is left out here.
        items: threats.flatMap((t) =>
          t.threat === undefined
            ? []
            : [
                {
                  id: t.id,
                  source: t.source,
                  target: t.target,
                  occurredAt: t.occurredAt,
                  quote: t.quote,
                  ...t.threat,
                  status: t.threatStatus,
                },
              ],
        ),
      },
      denials: {
        count: views.filter((v) => v.kind === 'denial').length,
        items: views
          .filter((v) => v.kind === 'denial')
          .map((d) => ({
            id: d.id,
            source: d.source,
            target: d.target,
            occurredAt: d.occurredAt,
            quote: d.quote,
            ...d.denial,
          })),
      },
    };
  }
}

function summarise(
  points: readonly TonePoint[],
  value: (p: TonePoint) => number | undefined,
  halfLifeMs: number,
  windowMs: number,
): MeasureSummary {
  const valued = points.flatMap((p) => {
    const v = value(p);
    return v === undefined ? [] : [{ at: p.occurredAtMs, v }];
  });
  const last = valued[valued.length - 1];
  if (!last)
    return { climate: null, climateBefore: null, change: null, trend: null, volatility: null };
  const windowStart = last.at - windowMs;
  const now = new WeightedMean(halfLifeMs);
  const before = new WeightedMean(halfLifeMs);
  for (const { at, v } of valued) {
    now.add(at, v);
    if (at < windowStart) before.add(at, v);
  }
  const climate = now.value();
  const climateBefore = before.value();
  const change = climate !== null && climateBefore !== null ? round(climate - climateBefore) : null;
  const inWindow = valued.filter(({ at }) => at >= windowStart).map(({ v }) => v);
  const volatility = sampleStandardDeviation(inWindow);
  return {
    climate,
    climateBefore,
    change,
    trend:
      change === null
        ? null
        : Math.abs(change) < STEADY_WITHIN
          ? 'steady'
          : change > 0
            ? 'warming'
            : 'cooling',
    volatility: volatility === null ? null : round(volatility),
  };
}
