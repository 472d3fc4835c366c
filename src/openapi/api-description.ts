import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * The OpenAPI document of this running app, built once it has started (it describes the
 * app's own routes: see createApiDocument) and served as it is.
 */
@Injectable()
export class ApiDescription {
  private document: OpenAPIObject | undefined;

  publish(document: OpenAPIObject): void {
    this.document = document;
  }

  current(): OpenAPIObject {
    if (this.document === undefined) throw new Error('The API description is not built yet');
    return this.document;
  }
}
