import { cloudEventType } from '../cloud-event';
import type { EventTypeRegistry, JsonSchema } from '../../event-store/event-types';

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

/** Every event type with a schema, on the one page. */
export interface SchemaIndex {
  readonly items: SchemaIndexEntry[];
  readonly nextCursor: null;
}

/** `/schemas/<Type>.json`, the path each event type's schema is served at. */
export function schemaPath(type: string): string {
  return `/schemas/${type}.json`;
}

/**
 * The absolute URI of an event type's schema under `origin` (`http://host:port`), or
 * undefined for a type without one. CloudEvents' `dataschema` must be an absolute URI.
 */
export function schemaUrl(
  types: EventTypeRegistry,
  origin: string,
  type: string,
): string | undefined {
  return types.has(type) ? `${origin}${schemaPath(type)}` : undefined;
}

/** The event type a served file name (`StatementRecorded.json`) names, or undefined. */
export function typeOfSchemaFile(types: EventTypeRegistry, file: string): string | undefined {
  const type = file.endsWith('.json') ? file.slice(0, -'.json'.length) : file;
  return types.has(type) ? type : undefined;
}

/** The served document: the dialect, its own absolute `$id`, and its version in `$comment`. */
export function schemaDocument(
  types: EventTypeRegistry,
  origin: string,
  type: string,
): JsonSchema | undefined {
  const definition = types.definition(type);
  if (!definition) return undefined;
  const { current: schemaVersion, schema } = definition;
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${origin}${schemaPath(type)}`,
    $comment: `The data of a ${type} event at schema version ${schemaVersion}.`,
    ...schema,
  };
}

/** Every event type with its schema's URL and current version, by type name. */
export function schemaIndex(types: EventTypeRegistry, origin: string): SchemaIndexEntry[] {
  return types.types().map((type) => ({
    type,
    cloudEventType: cloudEventType(type),
    schemaVersion: types.currentVersion(type),
    url: `${origin}${schemaPath(type)}`,
  }));
}
