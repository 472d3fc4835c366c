// @ts-check
import { ApiError, explain, getJson } from './api.js';
import { formatNumber } from './dom.js';

/**
 * The relationship analytics the page draws beside the tone view: rolling volatility
 * (carried by the tone view's buckets), shifts found by change-point detection
 * (`GET /dyads/{s}/{t}/shifts`, one call per measure) and each side's threat
 * credibility (`GET /actors/{id}/credibility`).
 *
 * @typedef {import('./api.js').ToneView} ToneView
 * @typedef {import('./api.js').ShiftsView} ShiftsView
 * @typedef {import('./api.js').ActorCredibility} ActorCredibility
 * @typedef {import('./chart.js').ShiftMark} ShiftMark
 * @typedef {{ actor: string, text: string }} CredibilityLine
 */

/**
 * @param {{ source: string, target: string, mode: string, tz: string }} selection
 * @param {ToneView} view
 * @param {string | null} asOf
 * @returns {Promise<{ shifts: ShiftMark[], method: string, credibility: CredibilityLine[], problems: string[], hasVolatility: boolean }>}
 */
export async function analyticsFor(selection, view, asOf) {
  const dyad = `/dyads/${encodeURIComponent(selection.source)}/${encodeURIComponent(selection.target)}`;
  /** @type {(measure: 'tone' | 'intensity') => Promise<ShiftsView>} */
  const shifts = (measure) =>
    getJson(`${dyad}/shifts`, {
      from: view.from,
      to: view.to,
      tz: view.tz,
      mode: selection.mode,
      measure,
      asOf,
    });
  /** @type {string[]} */
  const problems = [];
  /**
   * An analytic that fails leaves its part of the page empty and says why; the timeline
   * is drawn all the same. A refused key still fails the whole draw.
   *
   * @template T
   * @param {Promise<T>} promise
   * @param {T} fallback
   * @returns {Promise<T>}
   */
  const orElse = (promise, fallback) =>
    promise.catch((/** @type {unknown} */ error) => {
      if (error instanceof ApiError && error.isAccess) throw error;
      problems.push(explain(error));
      return fallback;
    });
  const [toneShifts, intensityShifts, ...credibility] = await Promise.all([
    orElse(shifts('tone'), undefined),
    orElse(shifts('intensity'), undefined),
    orElse(credibilityOf(selection.source, asOf), undefined),
    ...(selection.target === selection.source
      ? []
      : [orElse(credibilityOf(selection.target, asOf), undefined)]),
  ]);
  /** @type {(view: ShiftsView | undefined, measure: string) => ShiftMark[]} */
  const marks = (found, measure) =>
    (found?.shifts ?? []).map((s) => ({
      at: s.at,
      measure,
      label: `${measure} shift ${formatNumber(s.before)} → ${formatNumber(s.after)} (${s.delta > 0 ? '+' : ''}${formatNumber(s.delta)})`,
    }));
  return {
    shifts: [...marks(toneShifts, 'tone'), ...marks(intensityShifts, 'intensity')],
    method: toneShifts?.method.name ?? 'PELT',
    credibility: credibility.filter(/** @returns {c is CredibilityLine} */ (c) => c !== undefined),
    problems,
    hasVolatility: view.series.some(
      (b) => b.intensity.volatility !== undefined || b.tone.volatility !== undefined,
    ),
  };
}

/**
 * @param {string} actor
 * @param {string | null} asOf
 * @returns {Promise<CredibilityLine>}
 */
async function credibilityOf(actor, asOf) {
  /** @type {ActorCredibility} */
  const figure = await getJson(`/actors/${encodeURIComponent(actor)}/credibility`, { asOf });
  const { threats, ratio, estimate } = figure;
  const open = threats.open > 0 ? `, ${threats.open} open` : '';
  const text =
    ratio === null
      ? `no settled threats${open}`
      : `${threats.carriedOut} of ${threats.settled} settled threats carried out (${formatNumber(ratio * 100)}%); ` +
        `estimate ${formatNumber(estimate.mean)} [${formatNumber(estimate.lower)}, ${formatNumber(estimate.upper)}]${open}`;
  return { actor, text };
}
