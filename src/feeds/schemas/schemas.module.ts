import { Module } from '@nestjs/common';
import { SchemasController } from './schemas.controller';

/** `GET /schemas` and `GET /schemas/{type}.json`. */
@Module({ controllers: [SchemasController] })
export class SchemasModule {}
