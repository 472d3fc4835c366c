import fc from 'fast-check';

/**
 * fast-check arbitraries for attacking the HTTP surface: values a validator may trip
 * on, bodies that are valid but for a few mutated fields, bodies that are not JSON at
 * all, query strings and path segments. The valid shapes mirror the README's; what a
 * mutated body should be refused for is known from its mutations.
 */

// ---------------------------------------------------------------------------------------------
// Scalars

/** Lengths around the limits the DTOs set (MaxLength 100, 200, 300, 500, 1000, 2000, 2048, 5000, 20000). */
const LIMIT_LENGTHS = [
  0, 1, 100, 101, 200, 201, 300, 301, 500, 501, 1000, 1001, 2000, 2001, 2048, 2049, 5000, 5001,
  20_000, 20_001,
];

/** A string exactly at or just past one of the limits, in a one- or two-unit character. */
export const limitString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...LIMIT_LENGTHS), fc.constantFrom('x', 'é', '😀', ' '))
  .map(([length, unit]) => unit.repeat(length));

/** Strings that have broken parsers and validators before. */
const NOTORIOUS_STRINGS = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  '\uFEFF',
  '\u202E',
  '\uD800',
  '\uDFFF',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e999',
  'true',
  '{}',
  '[]',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '%00',
  '%zz',
  '../../etc/passwd',
  "'; DROP TABLE events; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  'a\r\nX-Injected: 1',
  '𝕏𝕐ℤ',
  'Ünïcödé',
  'حرب',
  '戦争',
  'donald-trump',
  'rus',
  'DONALD-TRUMP',
  'donald--trump',
  '-rus',
  'rus-',
];

/** Any string: ASCII, full Unicode (lone surrogates included), notorious, or at a length limit. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...NOTORIOUS_STRINGS),
  limitString,
);

/** Numbers at and past the ranges (tone −10…10, confidence 0…1), and the ones JSON cannot carry. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    -10,
    10,
    -10.000001,
    10.000001,
    0,
    -0,
    1,
    1.0000001,
    -1e-9,
    0.1 + 0.2,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    1e308,
    -1e308,
    5e-324,
  ),
);

const pad = (value: number, width = 2): string => String(Math.abs(value)).padStart(width, '0');

/** Milliseconds of an instant from 1900 to 2100. */
const epochMs = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });

/** The `yyyy-mm-dd` of a date's UTC fields. */
const calendarDate = (date: Date): string =>
  `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

/** A UTC offset as ISO 8601 writes it, from −12:00 to +14:00 in quarter hours. */
const offsetMinutes = fc.integer({ min: -48, max: 56 }).map((quarters) => quarters * 15);

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** A real instant from 1900 to 2100, written with its offset (`Z` or `±hh:mm`) and optional milliseconds. */
export const validInstant: fc.Arbitrary<string> = fc
  .tuple(epochMs, offsetMinutes, fc.boolean())
  .map(([ms, offset, withMillis]) => {
    const local = new Date(ms + offset * 60_000);
    const date = calendarDate(local);
    const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
    const millis = withMillis ? `.${pad(local.getUTCMilliseconds(), 3)}` : '';
    return `${date}T${time}${millis}${formatOffset(offset)}`;
  });

/** A bare calendar date from 1900 to 2100. */
export const validDate: fc.Arbitrary<string> = epochMs.map((ms) =>
  new Date(ms).toISOString().slice(0, 10),
);

/**
 * A real instant in any of the forms ISO 8601 allows for it: hour only, hh:mm or
 * hh:mm:ss, with or without colons, a fraction after `.` or `,` of 1 to 12 digits, the
 * offset as `Z`, `z`, `±hh:mm`, `±hhmm` or `±hh`. All valid ISO 8601; not all of them
 * are read the same by every parser.
 */
export const isoVariant: fc.Arbitrary<string> = fc
  .tuple(
    epochMs,
    fc.integer({ min: -12, max: 14 }),
    fc.constantFrom('hh', 'hhmm', 'hh:mm', 'hhmmss', 'hh:mm:ss'),
    fc.constantFrom('.', ','),
    fc.nat({ max: 12 }),
    fc.constantFrom('Z', 'z', '±hh:mm', '±hhmm', '±hh'),
  )
  .map(([ms, offsetHours, timeForm, fractionMark, digits, offsetForm]) => {
    const local = new Date(ms + offsetHours * 3_600_000);
    const date = calendarDate(local);
    const [hh, mm, ss] = [local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()].map(
      (n) => pad(n),
    ) as [string, string, string];
    const time = timeForm.replace('hh', hh).replace('mm', mm).replace('ss', ss);
    const fraction =
      digits === 0
        ? ''
        : `${fractionMark}${String(ms % 1000)
            .padEnd(digits, '0')
            .slice(0, digits)}`;
    const sign = offsetHours < 0 ? '-' : '+';
    const offset =
      offsetForm === 'Z' || offsetForm === 'z'
        ? offsetHours === 0
          ? offsetForm
          : `${sign}${pad(offsetHours)}:00`
        : offsetForm.replace('±', sign).replace('hh', pad(offsetHours)).replace('mm', '00');
    return `${date}T${time}${fraction}${offset}`;
  });

/**
 * ISO 8601 look-alikes: each part drawn from values in and out of range, in the forms
 * the standard allows and parsers disagree on (comma fractions, hour-only times,
 * offsets without a colon, expanded years, week and ordinal dates).
 */
export const dateLike: fc.Arbitrary<string> = fc.oneof(
  validInstant,
  validDate,
  isoVariant,
  isoVariant,
  fc
    .tuple(
      fc.constantFrom('2025', '1970', '0000', '9999', '+002025', '-000001', '20250', '25'),
      fc.constantFrom('-03', '-00', '-12', '-13', '03', ''),
      fc.constantFrom('-30', '-00', '-29', '-31', '-32', '30', ''),
      fc.constantFrom('', 'T', ' ', 't'),
      fc.constantFrom('14', '00', '23', '24', '25', ''),
      fc.constantFrom(':00', ':59', ':60', '00', ''),
      fc.constantFrom(':00', ':59', ':60', '00', ''),
      fc.constantFrom('', '.5', ',5', '.123456789', '.', ',123'),
      fc.constantFrom(
        'Z',
        'z',
        '+00:00',
        '-00:00',
        '-04:00',
        '+0400',
        '+04',
        '+14:00',
        '+23:59',
        '+24:00',
        '-99:99',
        '+4',
        '',
      ),
    )
    .map((parts) => parts.join('')),
  fc.constantFrom(
    '2025-W13-7T14:00:00Z',
    '2025-089T14:00:00Z',
    '2025-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-03-30T14:00:00.000000000000000000001Z',
    '2025-03-30T14:00:00Z[Europe/Moscow]',
    '2025-03-30T14:00:00 +04:00',
    'Sun, 30 Mar 2025 14:00:00 GMT',
    '1743343200000',
    'now',
  ),
  nastyString,
);

export const ACTOR_ID_SHAPED = /^[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,3}$/;

// ---------------------------------------------------------------------------------------------
// Objects, and objects that attack the parser

/** Defines an own, enumerable property, so that `__proto__` is a key and not the prototype. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Keys that have polluted prototypes, or shadowed what a framework reads. */
export const POLLUTING_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
] as const;

/** `{"__proto__": {"polluted": true}}` and its cousins, as own properties. */
export const pollutingObject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.constantFrom(...POLLUTING_KEYS),
    fc.oneof(
      fc.constant({ polluted: true }),
      fc.constant({ prototype: { polluted: true } }),
      fc.constant(null),
      fc.constant('polluted'),
    ),
  )
  .map(([key, value]) => {
    const object: Record<string, unknown> = {};
    defineOwn(object, key, value);
    return object;
  });

/** Any value a JSON body can hold, weighted towards the ones that break things. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: nastyNumber, weight: 3 },
  { arbitrary: dateLike, weight: 2 },
  { arbitrary: fc.constantFrom(null, true, false), weight: 2 },
  { arbitrary: fc.uuid({ version: 4 }), weight: 1 },
  { arbitrary: fc.constantFrom([], {}, [null], [[]], [{}], ['']), weight: 2 },
  { arbitrary: fc.array(nastyString, { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: pollutingObject, weight: 1 },
);

// ---------------------------------------------------------------------------------------------
// Mutations of a valid body

export type Mutation =
  | { readonly op: 'set'; readonly path: readonly string[]; readonly value: unknown }
  | { readonly op: 'delete'; readonly path: readonly string[] }
  | { readonly op: 'extra'; readonly path: readonly string[]; readonly value: unknown };

const extraKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
  fc.constantFrom(...POLLUTING_KEYS),
);

/**
 * A value to set a field to, aimed at its type when its name tells it (times, the
 * numbers with a range), else any nasty value.
 */
export function valueFor(path: string): fc.Arbitrary<unknown> {
  const name = path.split('.').pop() ?? '';
  if (/(?:At|deadline|^from|^to)$/.test(name))
    return fc.oneof({ arbitrary: dateLike, weight: 3 }, { arbitrary: nastyValue, weight: 1 });
  if (/^(?:tone|confidence)$/.test(name))
    return fc.oneof({ arbitrary: nastyNumber, weight: 3 }, { arbitrary: nastyValue, weight: 1 });
  return nastyValue;
}

/**
 * Up to three mutations of a body whose fields are `paths` (dotted for nested ones):
 * a field set to a nasty value, a field removed, or an unknown field added (at the top
 * or inside a nested object).
 */
export function mutations(paths: readonly string[]): fc.Arbitrary<Mutation[]> {
  const split = (path: string): string[] => path.split('.');
  const parents = [...new Set(paths.filter((p) => p.includes('.')).map((p) => split(p)[0]))];
  const extra: fc.Arbitrary<Mutation> = fc.record({
    op: fc.constant('extra' as const),
    path: fc
      .tuple(fc.constantFrom<string | undefined>(undefined, ...parents), extraKey)
      .map(([parent, key]) => (parent === undefined ? [key] : [parent, key])),
    value: nastyValue,
  });
  if (paths.length === 0) return fc.array(extra, { minLength: 1, maxLength: 3 });
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
      arbitrary: fc
        .constantFrom(...paths)
        .chain((path) =>
          valueFor(path).map((value): Mutation => ({ op: 'set', path: split(path), value })),
        ),
      weight: 5,
    },
    {
      arbitrary: fc.record({
        op: fc.constant('delete' as const),
        path: fc.constantFrom(...paths).map(split),
      }),
      weight: 2,
    },
    { arbitrary: extra, weight: 2 },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 });
}

/**
 * A copy of `body` with the mutations applied in order (a missing parent is made an
 * object), and every path the mutations touched: their own, and each parent they made.
 */
export function applyMutations(
  body: Record<string, unknown>,
  list: readonly Mutation[],
): { readonly json: Record<string, unknown>; readonly touched: readonly (readonly string[])[] } {
  const copy = structuredClone(body);
  const touched: string[][] = [];
  for (const mutation of list) {
    let target: Record<string, unknown> = copy;
    const path = [...mutation.path];
    const last = path.pop() as string;
    for (const [depth, key] of path.entries()) {
      const next = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        const made: Record<string, unknown> = {};
        defineOwn(target, key, made);
        touched.push(path.slice(0, depth + 1));
        target = made;
      } else {
        target = next as Record<string, unknown>;
      }
    }
    if (mutation.op === 'delete') delete target[last];
    else defineOwn(target, last, mutation.value);
    touched.push([...mutation.path]);
  }
  return { json: copy, touched };
}

/** Whether a field an error names is the mutated path, inside it, or one of its parents. */
export function isRelatedField(field: string, path: readonly string[]): boolean {
  const mutated = path.join('.');
  return field === mutated || field.startsWith(`${mutated}.`) || mutated.startsWith(`${field}.`);
}

// ---------------------------------------------------------------------------------------------
// Whole bodies

/** A body as it goes on the wire: JSON of a value, or raw text with its own content type. */
export type BodyCase =
  /** A body that is valid as it is. */
  | { readonly shape: 'valid'; readonly json: Record<string, unknown> }
  /** A valid body with mutations: any validation error must name a mutated field. */
  | {
      readonly shape: 'mutated';
      readonly json: Record<string, unknown>;
      readonly mutations: readonly Mutation[];
      /** The paths the mutations touched (see {@link applyMutations}). */
      readonly touched: readonly (readonly string[])[];
    }
  /** Any JSON at all. */
  | { readonly shape: 'arbitrary'; readonly json: unknown }
  /** Not JSON, or JSON in the wrong media type, or no body. */
  | {
      readonly shape: 'raw';
      readonly text: string | Uint8Array;
      readonly contentType: string | undefined;
    };

const WRONG_MEDIA_TYPES = [
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/x-ndjson',
  'application/vnd.api+json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'Application/JSON',
  'application/json, text/plain',
  'application/jsonx',
  'json',
  '*/*',
];

/** Bodies that are not JSON in a JSON media type, and JSON in media types that are not JSON. */
export function rawBodies(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<BodyCase> {
  const json = (text: string, contentType: string | undefined = 'application/json'): BodyCase => ({
    shape: 'raw',
    text,
    contentType,
  });
  return fc.oneof(
    // Cut short, or with one character replaced.
    fc.tuple(valid, fc.double({ min: 0, max: 1, noNaN: true })).map(([body, at]) => {
      const text = JSON.stringify(body);
      return json(text.slice(0, Math.floor(text.length * at)));
    }),
    fc
      .tuple(valid, fc.nat(), fc.constantFrom('"', '{', '}', ',', ':', '\\', '\u0000', "'", 'ü'))
      .map(([body, at, char]) => {
        const text = JSON.stringify(body);
        const i = at % text.length;
        return json(`${text.slice(0, i)}${char}${text.slice(i + 1)}`);
      }),
    // The valid body in a media type that is not JSON, or with none.
    fc
      .tuple(valid, fc.constantFrom<string | undefined>(...WRONG_MEDIA_TYPES, undefined))
      .map(([body, type]) => json(JSON.stringify(body), type)),
    // Prototype poisoning, as the attacker writes it (JSON.stringify cannot).
    fc
      .tuple(
        valid,
        fc.constantFrom(
          '"__proto__":{"polluted":true}',
          '"constructor":{"prototype":{"polluted":true}}',
          '"__proto__":null',
        ),
        fc.boolean(),
      )
      .map(([body, poison, nested]) => {
        const text = JSON.stringify(body);
        return json(
          nested
            ? text.replace(/\{"/, `{${poison},"`).replace(/:\{"/, `:{${poison},"`)
            : `{${poison},${text.slice(1)}`,
        );
      }),
    // Empty, blank, a bare scalar, duplicate keys, JSON5-isms, a byte-order mark, deep nesting.
    fc.constantFrom(
      json(''),
      json(' \n '),
      json('null'),
      json('0'),
      json('"text"'),
      json('{"kind":"statement","kind":"threat"}'),
      json("{'kind':'statement'}"),
      json('{kind:"statement"}'),
      json('{"a":1,}'),
      json('{"tone":NaN}'),
      json('{"tone":Infinity}'),
      json('{"tone":1e999}'),
      json('{"tone":-}'),
      json('\uFEFF{}'),
      json('{}garbage'),
      json('{"a":"\\ud800"}'),
      json('{"a":"\\u0000"}'),
    ),
    fc
      .constantFrom(1_000, 10_000, 100_000, 400_000)
      .map((depth) => json(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`)),
    fc
      .constantFrom(1_000, 10_000, 60_000)
      .map((depth) => json(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
    // Bytes that are not UTF-8.
    fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((bytes): BodyCase => ({ shape: 'raw', text: bytes, contentType: 'application/json' })),
  );
}

/**
 * Every kind of body for an endpoint whose valid bodies are `valid` with fields `paths`:
 * valid ones, mutated ones, any JSON, and not-JSON.
 */
export function bodyCases(
  valid: fc.Arbitrary<Record<string, unknown>>,
  paths: readonly string[],
): fc.Arbitrary<BodyCase> {
  return fc.oneof(
    { arbitrary: valid.map((json): BodyCase => ({ shape: 'valid', json })), weight: 3 },
    {
      arbitrary: fc.tuple(valid, mutations(paths)).map(([body, list]): BodyCase => ({
        shape: 'mutated',
        ...applyMutations(body, list),
        mutations: list,
      })),
      weight: 6,
    },
    {
      arbitrary: fc
        .oneof(fc.jsonValue({ maxDepth: 4 }), fc.anything({ maxDepth: 3 }), pollutingObject)
        .map((json): BodyCase => ({ shape: 'arbitrary', json })),
      weight: 2,
    },
    { arbitrary: rawBodies(valid), weight: 2 },
  );
}

// ---------------------------------------------------------------------------------------------
// Query strings, path segments, headers

/** Query names a client might send: the documented ones (of any endpoint), polluting ones, and noise. */
const QUERY_NAMES = [
  'asOf',
  'tz',
  'from',
  'to',
  'limit',
  'cursor',
  'format',
  'order',
  'includeRetracted',
  'kind',
  'source',
  'target',
  'mode',
  'bucket',
  'halfLife',
  'id',
  'position',
  'force',
  ...POLLUTING_KEYS,
];

/** A query string (with its `?`, or empty): names documented or not, values nasty, names repeated. */
export const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 10 })),
      // Short enough that the URL stays under Node's 16 KiB header limit.
      fc.oneof(nastyString, dateLike).map((value) => value.slice(0, 300)),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => {
    if (pairs.length === 0) return '';
    const search = new URLSearchParams();
    for (const [name, value] of pairs) search.append(name, value.replace(/[\uD800-\uDFFF]/g, ''));
    return `?${search.toString()}`;
  });

/** Percent-encodes `text` (lone surrogates dropped) to at most `max` characters, whole escapes only. */
function encodeSegment(text: string, max: number): string {
  let encoded = '';
  for (const char of text.replace(/[\uD800-\uDFFF]/g, '')) {
    const next = encodeURIComponent(char);
    if (encoded.length + next.length > max) break;
    encoded += next;
  }
  return encoded;
}

/**
 * Fastify's router refuses a path parameter longer than this (`maxParamLength`) before
 * any route runs; see {@link MALFORMED_SEGMENTS}.
 */
export const MAX_SEGMENT_LENGTH = 100;

/**
 * A path segment: nasty strings, percent-encoded (up to the router's parameter limit),
 * ids of the right shape, dot segments, encoded slashes.
 */
export const nastySegment: fc.Arbitrary<string> = fc.oneof(
  nastyString.map((s) => encodeSegment(s, MAX_SEGMENT_LENGTH)),
  fc.uuid({ version: 4 }),
  fc.constantFrom(
    '%2F',
    '%2e%2e',
    '..',
    '.',
    '%20',
    ';x=1',
    '%C3%A9',
    'x'.repeat(MAX_SEGMENT_LENGTH),
  ),
);

/**
 * Path segments the router refuses before any route: bad percent-encoding
 * (FST_ERR_BAD_URL) and parameters over {@link MAX_SEGMENT_LENGTH} (FST_ERR_MAX_PARAM_LENGTH).
 */
export const MALFORMED_SEGMENTS = [
  '%zz',
  '%',
  '%C0%AF',
  '%FF',
  '%E0%A4%A',
  'x'.repeat(MAX_SEGMENT_LENGTH + 1),
] as const;

/** A header value fetch will send (printable ASCII). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    '"0"',
    '"-1"',
    '"7"',
    'W/"3"',
    '*',
    '"abc"',
    '0',
    '"999999999999999"',
    '""',
    '"1", "2"',
  ),
);
