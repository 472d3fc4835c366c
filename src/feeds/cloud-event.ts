import type { RecordedEvent } from '../event-store/event-store.port';

/**
 * CloudEvents 1.0 in its structured JSON form (cloudevents/spec, `spec.md` and
 * `formats/json-format.md`): the envelope every parley feed (SSE, webhooks) delivers.
 *
 * - `type` is `org.parley.<EventType>` (reverse-DNS, as the spec recommends); the plain
 *   type is kept in the `parleytype` extension.
 * - `source` is a URI-reference naming parley's event log, the same for every event
 *   and every instance, so `source` + `id` (the event's UUID) is unique as the spec asks.
 * - `subject` is the stream, `time` the store's recorded time.
 * - `dataschema` must be an absolute URI (a URI-reference is not enough): the caller
 *   says how to make it, as it alone knows the address it is served at.
 * - `data` is the event's data in its type's current shape (upcast on read).
 */
export interface CloudEvent<Data = unknown> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly subject: string;
  readonly datacontenttype: 'application/json';
  readonly dataschema?: string;
  /** The parley event type, e.g. `StatementRecorded`. */
  readonly parleytype: string;
  /** The event's position token in the global log: resume after it. */
  readonly parleyposition: string;
  /** The event's revision in its stream, from 0. */
  readonly parleyrevision: number;
  /** The schema version `data` is given at: the type's current one, as reads upcast. */
  readonly parleyschemaversion: number;
  readonly parleycorrelationid?: string;
  readonly parleycausationid?: string;
  readonly data: Data;
}

/** The `source` of every parley event: a URN naming the service's event log. */
export const PARLEY_SOURCE = 'urn:parley:log';

const TYPE_PREFIX = 'org.parley.';

/** `StatementRecorded` → `org.parley.StatementRecorded`. */
export function cloudEventType(eventType: string): string {
  return `${TYPE_PREFIX}${eventType}`;
}

export interface CloudEventOptions {
  /** The absolute URI of the JSON Schema of an event type's data; undefined: none known. */
  readonly dataschema: (eventType: string) => string | undefined;
  readonly source?: string;
}

/** The envelope of one recorded event, its attributes in one fixed order. */
export function toCloudEvent(event: RecordedEvent, options: CloudEventOptions): CloudEvent {
  const dataschema = options.dataschema(event.type);
  const { correlationId, causationId } = event.metadata;
  return {
    specversion: '1.0',
    id: event.id,
    source: options.source ?? PARLEY_SOURCE,
    type: cloudEventType(event.type),
    time: event.recordedAt,
    subject: event.stream,
    datacontenttype: 'application/json',
    ...(dataschema === undefined ? {} : { dataschema }),
    parleytype: event.type,
    parleyposition: event.position,
    parleyrevision: event.revision,
    parleyschemaversion: event.metadata.schemaVersion,
    ...(correlationId === undefined ? {} : { parleycorrelationid: correlationId }),
    ...(causationId === undefined ? {} : { parleycausationid: causationId }),
    data: event.data,
  };
}

const REQUIRED = ['specversion', 'id', 'source', 'type'] as const;
/** Attribute names: lowercase ASCII letters and digits only (spec.md, "Attribute Naming Convention"). */
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
/** The spec recommends names of at most 20 characters. */
const MAX_NAME_LENGTH = 20;
/** RFC 3986 scheme, which an absolute URI starts with. */
const ABSOLUTE_URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/;
/** RFC 3339 date-time. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * What breaks the CloudEvents 1.0 rules in a structured JSON event: the required
 * attributes as non-empty strings, `specversion` 1.0, attribute names, `time` as RFC
 * 3339, `dataschema` as an absolute URI. Empty when it conforms.
 */
export function cloudEventViolations(event: Record<string, unknown>): string[] {
  const violations: string[] = [];
  for (const name of REQUIRED) {
    const value = event[name];
    if (typeof value !== 'string' || value === '')
      violations.push(`${name} is required as a non-empty string`);
  }
  if (event.specversion !== undefined && event.specversion !== '1.0')
    violations.push('specversion must be "1.0"');
  for (const name of Object.keys(event)) {
    if (name === 'data' || name === 'data_base64') continue;
    if (!ATTRIBUTE_NAME.test(name)) violations.push(`attribute name "${name}" is not [a-z0-9]+`);
    else if (name.length > MAX_NAME_LENGTH)
      violations.push(`attribute name "${name}" is longer than ${MAX_NAME_LENGTH} characters`);
    const value = event[name];
    if (value === null || (typeof value === 'object' && value !== undefined))
      violations.push(`attribute ${name} must be a string, a number or a boolean`);
  }
  if (event.time !== undefined && (typeof event.time !== 'string' || !TIMESTAMP.test(event.time)))
    violations.push('time must be an RFC 3339 timestamp');
  if (
    event.dataschema !== undefined &&
    (typeof event.dataschema !== 'string' || !ABSOLUTE_URI.test(event.dataschema))
  )
    violations.push('dataschema must be an absolute URI');
  if (event.subject !== undefined && (typeof event.subject !== 'string' || event.subject === ''))
    violations.push('subject must be a non-empty string');
  return violations;
}
