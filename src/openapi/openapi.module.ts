import { Module } from '@nestjs/common';
import { ApiDescription } from './api-description';
import { DocsController } from './docs.controller';
import { ProblemsController } from './problems.controller';

/** The OpenAPI document at /openapi.json, its UI at /docs, and the problem types' pages. */
@Module({
  controllers: [DocsController, ProblemsController],
  providers: [ApiDescription],
  exports: [ApiDescription],
})
export class OpenApiModule {}
