// @ts-check
/**
 * The page's one door to the API: every request carries the key the user typed in
 * (kept in sessionStorage, so it dies with the tab) as `Authorization: Bearer`.
 *
 * The shapes the API answers are the OpenAPI document's own, generated into
 * api-types.d.ts (`npm run openapi:types`): never written out again here.
 *
 * @typedef {import('./api-types').components['schemas']} Schemas
 * @typedef {Schemas['RecordView']['kind']} RecordKind
 * @typedef {Schemas['ToneView']['mode']} ToneMode
 * @typedef {Schemas['CitationView']} Citation
 * @typedef {Schemas['RecordHistoryEntry']} HistoryEntry
 * @typedef {Schemas['RecordView']} RecordView
 * @typedef {Schemas['RecordPage']} RecordPage
 * @typedef {Schemas['MeasureStats']} Measure
 * @typedef {Schemas['ToneBucket']} ToneBucket
 * @typedef {Schemas['ToneView']} ToneView
 * @typedef {Schemas['MeasureSummary']} MeasureSummary
 * @typedef {Schemas['SummaryThreat']} ThreatItem
 * @typedef {Schemas['DyadSummary']} Summary
 * @typedef {Schemas['AffiliationView']} Affiliation
 * @typedef {Schemas['ActorView']} Actor
 * @typedef {Schemas['ShiftsView']} ShiftsView
 * @typedef {Schemas['ToneShift']} ToneShift
 * @typedef {Schemas['ThreatTally']} ThreatTally
 * @typedef {Schemas['ActorCredibility']} ActorCredibility
 * @typedef {Schemas['Problem']} Problem
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
