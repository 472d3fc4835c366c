import type { RecordKind, RecordOrigin } from './record';

/**
 * Which dataset rows are reports of one event, the rule the tone read model keys its
 * rows by (`tone_points.event_key`):
 *
 * - `day`: GDELT (2.0 and 1.0) and POLECAT rows of the same dataset, directed dyad,
 *   kind, CAMEO code and UTC day of occurrence are one event (GDELT re-emits an event
 *   across its 15-minute files under new ids); ICEWS rows of the same Event ID
 *   (`origin.id`), directed dyad, kind and code are one event, whatever their dates
 *   (ICEWS repeats an Event ID on other days).
 * - `off`: every record is an event of its own.
 *
 * Under either rule a hand-coded record (no `origin`) and a dataset row without a code
 * (outside ICEWS, whose Event ID names the event) are events of their own, and no rule
 * ever joins rows of different datasets, dyads, kinds or codes.
 */
export const SAME_EVENT_RULES = ['day', 'off'] as const;
export type SameEventRule = (typeof SAME_EVENT_RULES)[number];

/**
 * The default rule (PARLEY_SAME_EVENT chooses). A changed rule is a new projection
 * version (see `createToneProjection`): the read model is rebuilt, the log is untouched.
 */
export const SAME_EVENT_RULE: SameEventRule = 'day';

/** What the rule reads of a record. */
export interface SameEventFacts {
  readonly source: string;
  readonly target: string;
  readonly kind: RecordKind;
  readonly code: string | null | undefined;
  readonly occurredAt: string;
  readonly dataset: string | null | undefined;
  readonly originId: string | null | undefined;
}

/** The key shared by the reports of one event, or null for a record that is an event of its own. */
export function sameEventKey(facts: SameEventFacts, rule: SameEventRule): string | null {
  if (rule === 'off' || !facts.dataset) return null;
  const code = facts.code ?? '';
  const dyad = [facts.source, facts.target, facts.kind, code];
  if (facts.dataset === 'icews') {
    return facts.originId ? JSON.stringify([facts.dataset, facts.originId, ...dyad]) : null;
  }
  if (code === '') return null;
  const day = new Date(Date.parse(facts.occurredAt)).toISOString().slice(0, 10);
  return JSON.stringify([facts.dataset, ...dyad, day]);
}

/** What a record weighs in the tone view's means, EWMA and volatility. */
export const TONE_WEIGHTS = ['none', 'mentions', 'sources', 'articles'] as const;
export type ToneWeight = (typeof TONE_WEIGHTS)[number];

/** What the tone view counts: each record (a report) or each event its reports make. */
export const TONE_COUNTS = ['reports', 'events'] as const;
export type ToneCount = (typeof TONE_COUNTS)[number];

/**
 * A record's weight: 1 under `none`; else its origin's count of mentions, sources or
 * articles, and 1 for a record without it (hand-coded, or a dataset without the field).
 */
export function recordWeight(
  origin: Pick<RecordOrigin, 'mentions' | 'sources' | 'articles'> | undefined,
  weight: ToneWeight,
): number {
  if (weight === 'none') return 1;
  return origin?.[weight] ?? 1;
}

/** One report as the event grouping reads it. */
export interface ToneReport {
  readonly occurredAtMs: number;
  readonly kind: RecordKind;
  readonly intensity: number;
  readonly tone?: number;
  readonly weight: number;
  /** {@link sameEventKey}; null: an event of its own. */
  readonly eventKey: string | null;
}

/** One event as the tone view counts it under `count=events`. */
export interface ToneEvent {
  readonly occurredAtMs: number;
  readonly kind: RecordKind;
  readonly intensity: number;
  readonly tone?: number;
  readonly weight: number;
}

/**
 * The events of reports given in time order (ties in record order). An event sits at
 * its first report's time, with that report's kind; its intensity and tone are the
 * means of its reports' values weighted by their weights (the plain mean when they
 * weigh 0 together; the tone over the reports that have one); it weighs as much as its
 * heaviest report, since re-reports of one event count the same articles again.
 */
export function eventsOfReports(reports: readonly ToneReport[]): ToneEvent[] {
  const groups = new Map<string, ToneReport[]>();
  const order: ToneReport[][] = [];
  for (const report of reports) {
    const group = report.eventKey === null ? undefined : groups.get(report.eventKey);
    if (group) {
      group.push(report);
    } else {
      const fresh = [report];
      if (report.eventKey !== null) groups.set(report.eventKey, fresh);
      order.push(fresh);
    }
  }
  return order.map((group) => {
    const first = group[0] as ToneReport;
    const toned = group.filter((r) => r.tone !== undefined);
    const tone = weightedMean(toned.map((r) => [r.tone as number, r.weight]));
    return {
      occurredAtMs: first.occurredAtMs,
      kind: first.kind,
      intensity: weightedMean(group.map((r) => [r.intensity, r.weight])) as number,
      ...(tone === undefined ? {} : { tone }),
      weight: Math.max(...group.map((r) => r.weight)),
    };
  });
}

function weightedMean(pairs: readonly (readonly [number, number])[]): number | undefined {
  if (pairs.length === 0) return undefined;
  const total = pairs.reduce((sum, [, w]) => sum + w, 0);
  if (total === 0) return pairs.reduce((sum, [v]) => sum + v, 0) / pairs.length;
  return pairs.reduce((sum, [v, w]) => sum + v * w, 0) / total;
}
