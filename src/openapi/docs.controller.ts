import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator';
import { NotFound } from '../common/domain-error';
import { ApiDescription } from './api-description';
import { docsAssets, docsIndex, type DocsAsset } from './docs-ui';

/** The API's own description: the OpenAPI document and its UI. */
@Public('the API’s own description: it names no actor or record, and the UI asks for a key')
@Controller()
export class DocsController {
  constructor(@Inject(ApiDescription) private readonly description: ApiDescription) {}

  /** This document: OpenAPI 3, generated from the code when the service starts. */
  @Get('openapi.json')
  @ApiOkResponse({
    description: 'The OpenAPI document',
    schema: {
      type: 'object',
      description: 'An OpenAPI 3.0 document (https://spec.openapis.org/oas/v3.0.3)',
      required: ['openapi', 'info', 'paths'],
      properties: {
        openapi: { type: 'string', pattern: '^3\\.0\\.\\d+$' },
        info: { type: 'object', additionalProperties: true },
        paths: { type: 'object', additionalProperties: true },
        components: { type: 'object', additionalProperties: true },
      },
      additionalProperties: true,
    },
  })
  document(): OpenAPIObject {
    return this.description.current();
  }

  /** The document in swagger-ui: "Authorize" takes an API key, "Try it out" calls the API. */
  @Get('docs')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'swagger-ui', schema: { type: 'string' } })
  ui(@Res() reply: FastifyReply): FastifyReply {
    return send(reply, docsIndex());
  }

  /** The UI's scripts, stylesheets and icons. */
  @Get('docs/:file')
  @Header('cache-control', 'public, max-age=3600')
  @ApiProduces('text/javascript', 'text/css', 'image/png')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string' } })
  asset(@Param('file') file: string, @Res() reply: FastifyReply): FastifyReply {
    const asset = docsAssets().get(file);
    if (asset === undefined) throw new NotFound(`The docs UI has no file ${file}`);
    return send(reply, asset);
  }
}

function send(reply: FastifyReply, asset: DocsAsset): FastifyReply {
  return reply.header('content-type', asset.contentType).send(asset.body);
}
