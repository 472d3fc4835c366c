import { cloudEventType } from '../cloud-event';
import { EVENT_DATA_SCHEMAS, type JsonSchema, type ParleyEventType } from './event-data-schemas';

/** JSON Schema draft 2020-12, the dialect of every served schema. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export interface SchemaIndexEntry {
  readonly type: string;
  /** The CloudEvents `type` the feeds deliver this event type as. */
  readonly cloudEventType: string;
  readonly schemaVersion: number;
  /** Where its schema is served; the feeds' `dataschema`. */
  readonly url: string;
}

export function isParleyEventType(type: string): type is ParleyEventType {
  return Object.hasOwn(EVENT_DATA_SCHEMAS, type);
}

/** `/schemas/<Type>.json`, the path each event type's schema is served at. */
export function schemaPath(type: ParleyEventType): string {
  return `/schemas/${type}.json`;
}

/**
 * The absolute URI of an event type's schema under `origin` (`http://host:port`), or
 * undefined for a type without one. CloudEvents' `dataschema` must be an absolute URI.
 */
export function schemaUrl(origin: string, type: string): string | undefined {
  return isParleyEventType(type) ? `${origin}${schemaPath(type)}` : undefined;
}

/** The event type a served file name (`StatementRecorded.json`) names, or undefined. */
export function typeOfSchemaFile(file: string): ParleyEventType | undefined {
  const type = file.endsWith('.json') ? file.slice(0, -'.json'.length) : file;
  return isParleyEventType(type) ? type : undefined;
}

/** The served document: the dialect, its own absolute `$id`, and its version in `$comment`. */
export function schemaDocument(origin: string, type: ParleyEventType): JsonSchema {
  const { schemaVersion, schema } = EVENT_DATA_SCHEMAS[type];
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${origin}${schemaPath(type)}`,
    $comment: `The data of a ${type} event at schema version ${schemaVersion}.`,
    ...schema,
  };
}

/** Every event type with its schema's URL and current version, by type name. */
export function schemaIndex(origin: string): SchemaIndexEntry[] {
  return (Object.keys(EVENT_DATA_SCHEMAS) as ParleyEventType[]).sort().map((type) => ({
    type,
    cloudEventType: cloudEventType(type),
    schemaVersion: EVENT_DATA_SCHEMAS[type].schemaVersion,
    url: `${origin}${schemaPath(type)}`,
  }));
}
