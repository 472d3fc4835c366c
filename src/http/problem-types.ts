/**
 * Every problem type parley answers with, by the slug of its `type` URI
 * (`/problems/<slug>`): what it means and what the client can do about it. Each is served
 * as a page at its URI (src/openapi/problems.controller.ts), so a `type` a client meets
 * resolves to its explanation (RFC 9457 §3.1.1: "it is RECOMMENDED that the URI
 * dereference to human-readable documentation"). A slug used anywhere in src/ is
 * listed here; problem-types.unit.spec.ts holds the code to that.
 */
export interface ProblemTypeInfo {
  readonly title: string;
  /** The HTTP status it comes with. */
  readonly status: number;
  /** What happened, in the client's terms. */
  readonly meaning: string;
  /** What to do about it. */
  readonly action: string;
}

/** Nothing of the request was stored: said once, in each refusal of a write. */
const NOTHING_STORED = 'Nothing of the request was stored.';

export const PROBLEM_TYPES = {
  'validation-failed': {
    title: 'The request is not valid',
    status: 400,
    meaning: `A field of the body or the query breaks its rule. \`errors\` holds one entry per failing field, named by its path (\`citation.outlet\`), with the first rule it breaks: what the field is (present, known, of its type) before its bounds (length, range, pattern). ${NOTHING_STORED}`,
    action:
      'Correct each field `errors` names and send the request again. `GET /openapi.json` gives every field’s rules.',
  },
  'malformed-body': {
    title: 'The request is not valid',
    status: 400,
    meaning: `The body is not the JSON its \`Content-Type\` says it is (or is empty where a body is needed). ${NOTHING_STORED}`,
    action:
      'Send one JSON document with `Content-Type: application/json` (NDJSON, one record a line, to `POST /records/import`).',
  },
  'malformed-url': {
    title: 'The URL is not valid',
    status: 400,
    meaning: 'The path is not valid percent-encoding.',
    action: 'Percent-encode each path segment (`encodeURIComponent`).',
  },
  'malformed-request': {
    title: 'Bad Request',
    status: 400,
    meaning: 'The request is not valid HTTP/1.1; the connection is closed.',
    action: 'Send it with an HTTP client library rather than by hand.',
  },
  unauthorized: {
    title: 'Authentication is required',
    status: 401,
    meaning: 'The request carries no API key, or one this service does not know.',
    action:
      'Send `Authorization: Bearer <key>` with a key from `PARLEY_API_KEYS` (or the development key printed at the first start).',
  },
  forbidden: {
    title: 'Not allowed',
    status: 403,
    meaning:
      'The key is known but holds none of the roles the operation asks for (`requiredRoles`).',
    action: 'Use a key with one of the roles in `requiredRoles`, or ask an operator for one.',
  },
  'not-found': {
    title: 'Not found',
    status: 404,
    meaning:
      'No such resource (a record, actor, projection, subscription or problem type), or no route at this path.',
    action: 'Check the id and the path; `GET /openapi.json` lists every route.',
  },
  timeout: {
    title: 'Request Timeout',
    status: 408,
    meaning: 'The request did not arrive in full in time; the connection is closed.',
    action: 'Send it again, in one go.',
  },
  'wrong-expected-revision': {
    title: 'The stream has moved on',
    status: 409,
    meaning: `Another write reached the stream first: it is no longer at the revision the request expected (\`If-Match\`). \`actualRevision\` is where it is now. ${NOTHING_STORED}`,
    action:
      'Read the resource again, decide again with what is there now, and send the write with the new revision.',
  },
  'actor-exists': {
    title: 'Conflict',
    status: 409,
    meaning: `An actor with this id is already registered, with other details. ${NOTHING_STORED}`,
    action:
      'Choose another id, or read the actor (`GET /actors/{id}`): registering it again with the same details answers 200.',
  },
  'skip-refused': {
    title: 'Conflict',
    status: 409,
    meaning: 'A skip must name the one event the projection has stopped at, and it names another.',
    action:
      'Read the projection’s `lastError` (`GET /admin/projections/{name}`) and skip the position it names.',
  },
  'not-lease-holder': {
    title: 'Conflict',
    status: 409,
    meaning:
      'Another parley process on the same database file applies the projections; only it can rebuild, retry or skip them.',
    action: 'Send the request to that process’s HTTP API.',
  },
  'subscription-limit': {
    title: 'Too many subscriptions for this key',
    status: 409,
    meaning: `The key already holds as many webhook subscriptions as one key may (\`PARLEY_SUBSCRIPTIONS_PER_KEY\`). ${NOTHING_STORED}`,
    action:
      'Delete a subscription the key no longer needs (`DELETE /subscriptions/{id}`), or ask an operator to raise the limit.',
  },
  'body-too-large': {
    title: 'The request body is too large',
    status: 413,
    meaning: `The body is larger than \`PARLEY_BODY_LIMIT\` (32 times that for an NDJSON import). ${NOTHING_STORED}`,
    action: 'Send it in several smaller requests (an import in several bodies).',
  },
  'uri-too-long': {
    title: 'The URL is too long',
    status: 414,
    meaning: 'A path segment is longer than 100 characters.',
    action: 'Shorten it: ids are far shorter; a long filter belongs in fewer query parameters.',
  },
  'unsupported-media-type': {
    title: 'Unsupported media type',
    status: 415,
    meaning: `The body is in a media type the operation does not read (JSON sent as \`text/plain\` included). ${NOTHING_STORED}`,
    action:
      'Send `Content-Type: application/json` (`application/x-ndjson` to `POST /records/import`, or a dataset’s file with `format=`).',
  },
  'unknown-actor': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `An actor the request names (the field in \`errors\`) is not registered. ${NOTHING_STORED}`,
    action: 'Register it first (`POST /actors`), or correct the id.',
  },
  'unknown-record': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `The record a denial names (\`denial.recordId\`) does not exist. ${NOTHING_STORED}`,
    action: 'Name a recorded record’s id, or deny the claim in words (`denial.claim`).',
  },
  'record-id-reused': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `A record with this \`id\` already exists with a different body. A retry with the same id and the same body answers 200; another body under the same id is refused. ${NOTHING_STORED}`,
    action:
      'To change the record, correct it (`POST /records/{id}/corrections`); for a new record, use a new id.',
  },
  'record-retracted': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `The record was retracted: it can no longer be corrected, retracted or given an outcome. ${NOTHING_STORED}`,
    action: 'Record it anew (a new id) if it should count again.',
  },
  'kind-rule': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `The record breaks a rule of its kind (a threat names its instrument; a statement carries no threat terms), now or after the correction. ${NOTHING_STORED}`,
    action: 'Give the fields the kind asks for, and only those (the field is in `errors`).',
  },
  'not-a-threat': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `Only threats have outcomes, and this record is of another kind. ${NOTHING_STORED}`,
    action: 'Record the outcome on the threat it belongs to.',
  },
  'outcome-already-recorded': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `The threat already has an outcome. ${NOTHING_STORED}`,
    action:
      'Read the record (`GET /records/{id}`); an outcome recorded in error is corrected, not recorded twice.',
  },
  'origin-not-correctable': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `A record’s \`origin\` names the dataset row it was taken from, and a correction cannot change it. ${NOTHING_STORED}`,
    action:
      'Correct the other fields; to change the origin, retract the record and import the row again.',
  },
  'affiliation-cycle': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `The affiliation would make an actor belong, through others, to itself. ${NOTHING_STORED}`,
    action: 'Check `parent`: affiliations run from a part to the whole it belongs to.',
  },
  'empty-interval': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `The affiliation ends (\`to\`) before or when it starts (\`from\`). ${NOTHING_STORED}`,
    action: 'Give a `to` after `from`, or none while it lasts.',
  },
  'too-many-buckets': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: 'The range holds more buckets of this size than one tone view answers.',
    action: 'Choose a larger `bucket` or a shorter range (`from`, `to`).',
  },
  'tone-view-too-costly': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning:
      'The tone view would visit more records than one view may (`PARLEY_TONE_MAX_COST`): each bucket once, each record once per volatility window it falls in. `cost` and `limit` say by how much.',
    action: 'Ask for a smaller `volatilityWindow` or a shorter range (`from`, `to`).',
  },
  'series-too-long': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: 'The range holds more records than shifts are searched in at once.',
    action: 'Narrow the range with `from` and `to`.',
  },
  'rate-limited': {
    title: 'Too many requests',
    status: 429,
    meaning:
      'This client (its API key, else its address) made more requests than `PARLEY_RATE_LIMIT` allows per `PARLEY_RATE_LIMIT_WINDOW`.',
    action: 'Wait `retryAfter` seconds (the `Retry-After` header), then go on, more slowly.',
  },
  'headers-too-large': {
    title: 'Request Header Fields Too Large',
    status: 431,
    meaning: 'The request’s headers, the URL included, are over 16 KiB; the connection is closed.',
    action: 'Send fewer or shorter headers, and a shorter URL.',
  },
  'client-closed-request': {
    title: 'The client went away',
    status: 499,
    meaning:
      'The client closed the connection while its import ran; the records taken up to then are stored (a report was sent to no one).',
    action:
      'Send the import again: records already stored are recognised by their ids and not repeated.',
  },
  'internal-error': {
    title: 'Internal error',
    status: 500,
    meaning:
      'The service failed on its own account; the request was not at fault. The log says why.',
    action: 'Try again; if it persists, tell the operator the request’s `X-Request-Id`.',
  },
  'unreadable-event': {
    title: 'A stored event cannot be read',
    status: 500,
    meaning:
      'An event in the log has a shape (a schema version) that no upcaster of this version of parley can read.',
    action:
      'An operator: run the parley version that wrote it, or skip the event (`POST /admin/projections/{name}/skip`).',
  },
  'slow-consumer': {
    title: 'The client reads too slowly',
    status: 503,
    meaning:
      'The feed stopped: the client left what it was sent unread for too long. Sent as the feed’s last `error` event, with `resumeFrom`.',
    action: 'Reconnect with `Last-Event-ID` (or `from=`) set to `resumeFrom`: nothing is missed.',
  },
  'coding-article-too-large': {
    title: 'The article is too large',
    status: 413,
    meaning: `The article's \`text\` is longer than assisted coding reads in one request (\`limit\` characters). ${NOTHING_STORED}`,
    action: 'Send the article in parts (by section), each under the limit.',
  },
  'coding-article-unreadable': {
    title: 'The article is not text',
    status: 400,
    meaning: `The article's \`text\` holds NUL bytes, invalid UTF-8 or control characters: a binary file, not an article. ${NOTHING_STORED}`,
    action: 'Send the article as plain text (extract it from PDF or HTML first).',
  },
  'coding-language-unsupported': {
    title: 'The article is not in English',
    status: 422,
    meaning: `Assisted coding reads English articles; the \`text\` reads as another language (\`language\`, ISO 639-1). ${NOTHING_STORED}`,
    action: 'Code the article by hand (`POST /records`), or send an English translation.',
  },
  'coding-actor-unresolved': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `The suggestion's speaker or target is not resolved to an actor of the directory, so it cannot be recorded as it is. ${NOTHING_STORED}`,
    action:
      'Accept it again with `edits.source` or `edits.target` naming the actor (register it first if need be).',
  },
  'coding-date-unresolved': {
    title: 'The request cannot be carried out',
    status: 422,
    meaning: `The suggestion has no date a record can take (none found, or only a year). ${NOTHING_STORED}`,
    action: 'Accept it again with `edits.occurredAt` and `edits.precision`.',
  },
  'coding-suggestion-closed': {
    title: 'Conflict',
    status: 409,
    meaning: `The suggestion was already decided the other way: a rejected one cannot be accepted, an accepted one (a record now) cannot be rejected. ${NOTHING_STORED}`,
    action: 'Code the article again for fresh suggestions, or correct or retract the record.',
  },
  'storage-unavailable': {
    title: 'Storage unavailable',
    status: 503,
    meaning: `The database could not write just now (busy, or an I/O error). ${NOTHING_STORED}`,
    action: 'Send it again shortly (a retry with the same id is safe).',
  },
  'insufficient-storage': {
    title: 'Insufficient storage',
    status: 507,
    meaning: `The disk is full. ${NOTHING_STORED}`,
    action: 'Send it again once an operator has freed space (a retry with the same id is safe).',
  },
} as const satisfies Record<string, ProblemTypeInfo>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

export function isProblemSlug(slug: string): slug is ProblemSlug {
  return Object.hasOwn(PROBLEM_TYPES, slug);
}

/**
 * The problem type of a refusal made by the framework rather than by parley's own code
 * (no route, a body too large), by status; a status with none is `about:blank` (RFC 9457
 * §4.2: no more to say than the status).
 */
const BY_STATUS: Readonly<Partial<Record<number, ProblemSlug>>> = {
  400: 'malformed-body',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  500: 'internal-error',
};

export function problemSlugOfStatus(status: number): ProblemSlug | undefined {
  return BY_STATUS[status];
}
