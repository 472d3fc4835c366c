/*
 * What `GET /schemas` answers, as classes for the OpenAPI document. Each implements the
 * interface the controller answers, so the compiler refuses a class that drifts from
 * what is actually sent; the Nest swagger plugin's metadata
 * (src/openapi/plugin-metadata.ts, `npm run openapi:metadata`) describes their
 * properties from these types and doc comments; each is named without its `Dto` suffix.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { SchemaIndex, SchemaIndexEntry } from './schema-catalog';

/** One event type whose data has a schema. */
@ApiSchema({ name: 'SchemaIndexEntry' })
export class SchemaIndexEntryDto implements SchemaIndexEntry {
  /** The event type, e.g. `ThreatIssued`. */
  readonly type!: string;
  /** The CloudEvents `type` the feeds deliver this event type as. */
  readonly cloudEventType!: string;
  readonly schemaVersion!: number;
  /** Where its schema is served; the feeds' `dataschema`. */
  readonly url!: string;
}

@ApiSchema({ name: 'SchemaIndex' })
export class SchemaIndexDto implements SchemaIndex {
  readonly items!: SchemaIndexEntryDto[];
  /** Always null: every schema is on the one page. */
  @ApiProperty({ type: 'string', nullable: true })
  readonly nextCursor!: null;
}
