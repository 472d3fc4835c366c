import { Module } from '@nestjs/common';
import { ApiDescription } from './api-description';
import { DocsController } from './docs.controller';

/** The OpenAPI document at /openapi.json and its UI at /docs. */
@Module({ controllers: [DocsController], providers: [ApiDescription], exports: [ApiDescription] })
export class OpenApiModule {}
