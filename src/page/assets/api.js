// @ts-check
/**
 * The page's one door to the API: every request carries the key the user typed in
 * (kept in sessionStorage, so it dies with the tab) as `Authorization: Bearer`.
 *
 * @typedef {'statement' | 'threat' | 'denial'} RecordKind
 * @typedef {'directed' | 'pair' | 'rollup'} ToneMode
 * @typedef {{ outlet: string, title: string, url?: string, publishedAt?: string }} Citation
 * @typedef {{ version: number, type: string, recordedAt: string, reason?: string, changes?: unknown }} HistoryEntry
 * @typedef {{
 *   id: string, kind: RecordKind, source: string, target: string, occurredAt: string,
 *   precision: string, quote: string, citation: Citation, topics: string[], code?: string,
 *   tone?: number, confidence?: number, note?: string, intensity: number, intensityCode?: string,
 *   threat?: { instrument: string, magnitude?: string, condition?: string, deadline?: string | null },
 *   denial?: { recordId?: string, claim?: string },
 *   outcome?: { outcome: string, occurredAt: string, note?: string, recordedAt: string },
 *   threatStatus?: string, status: 'active' | 'retracted', version: number,
 *   recordedAt: string, updatedAt: string, history?: HistoryEntry[]
 * }} RecordView
 * @typedef {{ mean: number | null, min: number | null, max: number | null, sum: number, n: number, ewma: number | null, volatility?: number | null }} Measure
 * @typedef {{ start: string, end: string, counts: Record<RecordKind | 'total', number>, intensity: Measure, tone: Measure }} ToneBucket
 * @typedef {{ source: string, target: string, mode: ToneMode, bucket: string, tz: string, from: string, to: string, asOf: string | null, halfLife: string, volatilityWindow?: number, series: ToneBucket[] }} ToneView
 * @typedef {{ climate: number | null, climateBefore: number | null, change: number | null, trend: string | null, volatility: number | null }} MeasureSummary
 * @typedef {{ id: string, source: string, target: string, occurredAt: string, quote: string, instrument: string, magnitude?: string, condition?: string, deadline?: string | null, status: string }} ThreatItem
 * @typedef {{
 *   counts: Record<RecordKind | 'total', number>, intensity: MeasureSummary, tone: MeasureSummary,
 *   threats: { open: number, carriedOut: number, withdrawn: number, lapsed: number, items: ThreatItem[] },
 *   denials: { count: number }
 * }} Summary
 * @typedef {{ actor: string, parent: string, from: string, to?: string, role?: string }} Affiliation
 * @typedef {{ id: string, name: string, kind: string, affiliations: Affiliation[] }} Actor
 * @typedef {{ type?: string, title?: string, detail?: string, status?: number }} Problem
 */

const KEY_STORAGE = 'parley.apiKey';

/** A refused or failed request, with the problem+json the API answered when there was one. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} path
   * @param {Problem | undefined} problem
   */
  constructor(status, path, problem) {
    super(`${path} answered ${status}${problem?.detail ? `: ${problem.detail}` : ''}`);
    this.status = status;
    this.path = path;
    this.problem = problem;
  }

  /** The key is missing, unknown (401) or lacks the role (403). */
  get isAccess() {
    return this.status === 401 || this.status === 403;
  }
}

export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
}

/** @param {string} key */
export function storeKey(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_STORAGE);
}

/**
 * A query string from the defined, non-empty values.
 *
 * @param {Record<string, string | number | boolean | undefined | null>} params
 */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * GETs a JSON resource with the stored key.
 *
 * @template T
 * @param {string} path
 * @param {Record<string, string | number | boolean | undefined | null>} [params]
 * @returns {Promise<T>}
 */
export async function getJson(path, params = {}) {
  const url = `${path}${query(params)}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${storedKey()}`, accept: 'application/json' },
  });
  if (!response.ok) {
    /** @type {Problem | undefined} */
    let problem;
    try {
      /** @type {unknown} */
      const body = await response.json();
      problem = /** @type {Problem} */ (body);
    } catch {
      problem = undefined;
    }
    throw new ApiError(response.status, path, problem);
  }
  /** @type {unknown} */
  const body = await response.json();
  return /** @type {T} */ (body);
}

/**
 * Every item of a cursor-paged list.
 *
 * @template T
 * @param {string} path
 * @param {Record<string, string | number | boolean | undefined | null>} params
 * @returns {Promise<T[]>}
 */
export async function getAll(path, params) {
  /** @type {T[]} */
  const items = [];
  /** @type {string | null} */
  let cursor = null;
  do {
    /** @type {{ items: T[], nextCursor: string | null }} */
    const page = await getJson(path, { ...params, limit: 500, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

/**
 * The same as {@link getJson}, but `undefined` when the route does not exist (404):
 * for figures the page shows only when this parley offers them.
 *
 * @template T
 * @param {string} path
 * @param {Record<string, string | number | boolean | undefined | null>} [params]
 * @returns {Promise<T | undefined>}
 */
export async function getOptional(path, params = {}) {
  try {
    return await getJson(path, params);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * What to tell the user about a failed request, in plain words.
 *
 * @param {unknown} error
 */
export function explain(error) {
  if (error instanceof ApiError) {
    const detail = error.problem?.detail ?? error.problem?.title ?? '';
    if (error.status === 401)
      return `The key was not accepted (401 Unauthorized). ${detail} Enter a valid API key above.`;
    if (error.status === 403)
      return `This key may not read this (403 Forbidden). ${detail} An analyst key is needed.`;
    return `The request ${error.path} failed (${error.status}). ${detail}`;
  }
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
}
