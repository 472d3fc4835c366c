import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { NotFound } from '../../common/domain-error';
import { EventTypeRegistry, type JsonSchema } from '../../event-store/event-types';
import { requestOrigin } from './request-origin';
import { schemaDocument, schemaIndex, typeOfSchemaFile, type SchemaIndex } from './schema-catalog';
import { Public } from '../../auth/access.decorator';
import { SchemaIndexDto } from './schemas-responses.dto';

/** The JSON Schema of each event type's data, as the feeds' `dataschema` points to it. */
@Public(
  'the event schemas document the API, as /openapi.json does; receivers fetch them by dataschema',
)
@Controller('schemas')
export class SchemasController {
  constructor(private readonly types: EventTypeRegistry) {}

  /** The JSON Schema of every event type, by name and version. */
  @Get()
  @ApiOkResponse({ type: SchemaIndexDto })
  index(@Req() request: FastifyRequest): SchemaIndex {
    return { items: schemaIndex(this.types, requestOrigin(request)), nextCursor: null };
  }

  /** `StatementRecorded.json`; answered as `application/schema+json`. */
  @Get(':file')
  @Header('content-type', 'application/schema+json; charset=utf-8')
  @ApiProduces('application/schema+json')
  @ApiOkResponse({
    description: "A JSON Schema (draft 2020-12) of the event type's `data`",
    schema: {
      type: 'object',
      required: ['$schema', '$id'],
      properties: { $schema: { type: 'string' }, $id: { type: 'string', format: 'uri' } },
      additionalProperties: true,
    },
  })
  schema(@Param('file') file: string, @Req() request: FastifyRequest): JsonSchema {
    const type = typeOfSchemaFile(this.types, file);
    const document =
      type === undefined ? undefined : schemaDocument(this.types, requestOrigin(request), type);
    if (document === undefined)
      throw new NotFound(`No schema "${file}": see /schemas for the list`);
    return document;
  }
}
