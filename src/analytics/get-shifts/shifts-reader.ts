import { DateTime } from 'luxon';
import { BadInput, Refused } from '../../common/domain-error';
import { round, type DyadSelector, type ToneMode, type ToneReader } from '../../records';
import { bicPenalty, noiseSigma, pelt, segmentsOf } from '../domain/change-points';

export const SHIFT_MEASURES = ['tone', 'intensity'] as const;
export type ShiftMeasure = (typeof SHIFT_MEASURES)[number];

/** `bic` (2 σ̂² ln n, the default) or β itself, on the scale of squared measure units. */
export type ShiftPenalty = 'bic' | number;

export const DEFAULT_MIN_SEGMENT = 2;

/**
 * The longest series searched in one request. PELT is linear when changes come at a
 * steady rate, but a long stretch without one leaves every candidate unpruned, which
 * is quadratic: 5,000 records stay well under a second, and the search runs on the
 * request's thread.
 */
export const MAX_SHIFT_SERIES = 5_000;

export interface ShiftsRequest extends DyadSelector {
  /** Occurrence time, inclusive, as an instant. */
  readonly from?: string;
  /** Occurrence time, exclusive, as an instant; the request's `asOf` (or now) unless given. */
  readonly to?: string;
  readonly tz: string;
  readonly asOf?: string;
  readonly measure: ShiftMeasure;
  readonly penalty: ShiftPenalty;
  readonly minSegment: number;
}

export interface ShiftSegment {
  /** occurredAt of the segment's first record, in the request's zone. */
  readonly start: string;
  /** occurredAt of its last record. */
  readonly end: string;
  readonly n: number;
  readonly mean: number;
  readonly firstRecordId: string;
  readonly lastRecordId: string;
}

export interface ToneShift {
  /** occurredAt of the first record after the change. */
  readonly at: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  /** The last record before the change and the first after it. */
  readonly recordBefore: string;
  readonly recordAfter: string;
}

/** The change-point method, with the paper it comes from. */
export type ShiftMethod = typeof PELT_METHOD;

export interface ShiftParameters {
  readonly penalty: ShiftPenalty;
  /** β as applied, in squared measure units. */
  readonly penaltyValue: number;
  /** σ̂, the robust noise estimate the BIC penalty is built on. */
  readonly sigma: number;
  readonly minSegment: number;
}

export interface ShiftsView {
  readonly source: string;
  readonly target: string;
  readonly mode: ToneMode;
  readonly measure: ShiftMeasure;
  readonly tz: string;
  readonly from: string | null;
  readonly to: string;
  readonly asOf: string | null;
  readonly method: ShiftMethod;
  readonly parameters: ShiftParameters;
  /** Records in the series: those with a value of the measure, in occurredAt order. */
  readonly n: number;
  readonly segments: ShiftSegment[];
  readonly shifts: ToneShift[];
}

export const PELT_METHOD = {
  name: 'PELT',
  cost: 'Gaussian change in mean (sum of squared deviations from the segment mean)',
  citation:
    'Killick, R., Fearnhead, P. & Eckley, I. A. (2012). Optimal detection of changepoints with a linear computational cost. Journal of the American Statistical Association 107(500), 1590–1598.',
  doi: '10.1080/01621459.2012.737745',
  sigmaEstimator: 'MAD of first differences × 1.4826 / √2',
} as const;

/** Finds shifts in a dyad's per-record series; the records come from the tone reader. */
export class ShiftsReader {
  constructor(
    private readonly tone: ToneReader,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  shifts(request: ShiftsRequest): ShiftsView {
    this.tone.requireActors(request);
    const toMs =
      request.to === undefined
        ? (request.asOfMs ?? this.clock().getTime())
        : Date.parse(request.to);
    const fromMs = request.from === undefined ? -Infinity : Date.parse(request.from);
    if (fromMs >= toMs) throw new BadInput('"from" must be before "to"', 'from');
    const records = this.tone.points(request, fromMs, toMs).flatMap((p) => {
      const value = request.measure === 'tone' ? p.tone : p.intensity;
      return value === undefined ? [] : [{ id: p.recordId, atMs: p.occurredAtMs, value }];
    });
    if (records.length > MAX_SHIFT_SERIES)
      throw new Refused(
        'series-too-long',
        `The range holds ${records.length} records with a ${request.measure}; shifts are searched in at most ${MAX_SHIFT_SERIES}: narrow it with from and to`,
        'from',
      );
    const values = records.map((r) => r.value);
    const sigma = noiseSigma(values);
    const penaltyValue =
      request.penalty === 'bic' ? bicPenalty(sigma, values.length) : request.penalty;
    // With no noise to measure (σ̂ = 0) BIC would charge nothing for a change and cut a
    // ramp into pieces: such a series has no shift unless a penalty is given.
    const changes =
      request.penalty === 'bic' && sigma === 0
        ? []
        : pelt(values, { penalty: penaltyValue, minSegment: request.minSegment });
    const zoned = (ms: number): string =>
      DateTime.fromMillis(ms, { zone: request.tz }).toISO({ suppressMilliseconds: true }) ?? '';
    const segments = segmentsOf(values, changes).map((segment) => {
      const first = records[segment.start] as (typeof records)[number];
      const last = records[segment.end - 1] as (typeof records)[number];
      return {
        start: zoned(first.atMs),
        end: zoned(last.atMs),
        n: segment.end - segment.start,
        mean: round(segment.mean),
        firstRecordId: first.id,
        lastRecordId: last.id,
      };
    });
    const shifts = segments.slice(1).map((after, i): ToneShift => {
      const before = segments[i] as ShiftSegment;
      return {
        at: after.start,
        before: before.mean,
        after: after.mean,
        delta: round(after.mean - before.mean),
        recordBefore: before.lastRecordId,
        recordAfter: after.firstRecordId,
      };
    });
    return {
      source: request.source,
      target: request.target,
      mode: request.mode,
      measure: request.measure,
      tz: request.tz,
      from: Number.isFinite(fromMs) ? zoned(fromMs) : null,
      to: zoned(toMs),
      asOf: request.asOf ?? null,
      method: PELT_METHOD,
      parameters: {
        penalty: request.penalty,
        penaltyValue: round(penaltyValue),
        sigma: round(sigma),
        minSegment: request.minSegment,
      },
      n: values.length,
      segments,
      shifts,
    };
  }
}
