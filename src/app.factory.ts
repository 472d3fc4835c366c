import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { ProblemFilter } from './http/problem.filter';
import { createValidationPipe } from './http/validation.pipe';
import { SampleLoader } from './sample/sample-loader';

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];
/** An NDJSON import may be this many times the ordinary body limit. */
const IMPORT_LIMIT_FACTOR = 32;

/** Builds the HTTP application, ready to listen; the caller chooses where. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.PARLEY_BODY_LIMIT });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: config.LOG_LEVEL === 'silent' ? false : undefined,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // JSON bodies are JSON: a text/plain body is answered 415, not half-parsed.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(
    NDJSON_TYPES,
    { parseAs: 'string', bodyLimit: config.PARLEY_BODY_LIMIT * IMPORT_LIMIT_FACTOR },
    (_request, body, done) => done(null, body),
  );
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  await app.init();
  if (config.PARLEY_SAMPLE_DATA === 'auto') await app.get(SampleLoader).loadIntoEmptyStore();
  return app;
}
