import type { Citation } from './record';

/**
 * Schema version 1 of the record events carried a record's source citation as one
 * string, `"<outlet> | <title> | <url> | <publishedAt>"`, with trailing empty parts
 * left out; version 2 splits it into the `Citation` object. These upcasters turn the
 * first into the second. They are pure: data in, data out, no clock, no I/O.
 */

/** What separates the parts of a version-1 citation string. */
export const V1_CITATION_SEPARATOR = ' | ';

const URL_PATTERN = /^https?:\/\/\S+$/;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\S+$/;

/**
 * Reads a version-1 citation string: split on `" | "` into at most four parts, outlet,
 * title, url and publishedAt, in that order. Outlet and title are required; an empty
 * url part (`"Outlet | Title |  | 2025-01-01T00:00:00Z"`) means there is none.
 *
 * The format cannot tell a separator from the same three characters inside a title,
 * so version 1 never allowed `" | "` in a title (nor in an outlet). A string that
 * breaks that rule is refused, not guessed at: more than four parts, or a url part that
 * is not an http(s) URL, or a publishedAt part that is not a date-time, all mean the
 * parts do not line up.
 *
 * @throws Error naming what does not fit; the chain reports it as `UnreadableEventData`.
 */
export function parseV1Citation(text: string): Citation {
  const parts = text.split(V1_CITATION_SEPARATOR);
  if (parts.length > 4) {
    throw new Error(
      `the citation "${text}" has ${parts.length} parts separated by "${V1_CITATION_SEPARATOR}"; version 1 had at most 4 (outlet, title, url, publishedAt) and no separator inside a title`,
    );
  }
  const [outlet = '', title = '', url = '', publishedAt = ''] = parts;
  if (outlet === '' || title === '') {
    throw new Error(`the citation "${text}" does not name both an outlet and a title`);
  }
  if (url !== '' && !URL_PATTERN.test(url)) {
    throw new Error(`the citation "${text}" has "${url}" where its url goes`);
  }
  if (publishedAt !== '' && !DATE_TIME_PATTERN.test(publishedAt)) {
    throw new Error(`the citation "${text}" has "${publishedAt}" where its publishedAt goes`);
  }
  return {
    outlet,
    title,
    ...(url === '' ? {} : { url }),
    ...(publishedAt === '' ? {} : { publishedAt }),
  };
}

/** `StatementRecorded`, `ThreatIssued` and `DenialIssued`, version 1 → 2. */
export function recordCreatedV1ToV2(data: unknown): Record<string, unknown> {
  const record = asObject(data, 'the event data');
  const { citation } = record;
  if (typeof citation === 'string') return { ...record, citation: parseV1Citation(citation) };
  // Events written before schema versions were told apart already hold the object
  // while saying version 1 (every event was labelled 1 then): they are version 2 in
  // all but the label, and pass as they are.
  if (isObject(citation)) return record;
  throw new Error("the record's citation is neither a string nor an object");
}

/**
 * `RecordCorrected`, version 1 → 2. A version-1 correction replaced the whole
 * citation with its string, whereas a version-2 change object is merged into the
 * record's citation one level deep; so the optional fields the string leaves out
 * become explicit `null`s (removals), and the correction still replaces the whole
 * citation.
 */
export function recordCorrectedV1ToV2(data: unknown): Record<string, unknown> {
  const correction = asObject(data, 'the event data');
  const changes = asObject(correction.changes, 'the correction changes');
  // Absent, or (as above) already an object of changes: nothing to turn.
  if (typeof changes.citation !== 'string') return correction;
  const { outlet, title, url, publishedAt } = parseV1Citation(changes.citation);
  return {
    ...correction,
    changes: {
      ...changes,
      citation: { outlet, title, url: url ?? null, publishedAt: publishedAt ?? null },
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (!isObject(value)) throw new Error(`${what} is not an object`);
  return value;
}
