import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { AppConfig } from '../config/config';
import { answerClientError, answerFrameworkError } from '../http/framework-errors';
import { NDJSON_TYPES } from '../http/ndjson';
import { malformedBody } from '../http/problem';
import { ProblemFilter } from '../http/problem.filter';
import { applySecurity } from '../auth/http-security';
import { requestIdOf } from '../http/request-context';
import { createValidationPipe } from '../http/validation.pipe';
import { RECORD_INPUT_PARSER } from '../records';
import { useObservability } from '../observability/observability.setup';
import { ApiDescription } from '../openapi/api-description';
import { createApiDocument } from '../openapi/api-document';
import { RouteCatalog } from '../auth/route-catalog';
import { SampleLoader } from '../sample/sample-loader';
import { DATASET_MEDIA_TYPES } from '../ingest';
import { usePublicUrl } from '../feeds/schemas/request-origin';

/** An NDJSON import may be this many times the ordinary body limit. */
const IMPORT_LIMIT_FACTOR = 32;
/** The one route that takes a dataset's raw file. */
const IMPORT_ROUTE = '/records/import';

/** Builds the HTTP application, ready to listen; the caller chooses where. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.PARLEY_BODY_LIMIT,
    // Observability: the request id (a valid X-Request-Id, else a UUID) is request.id.
    genReqId: requestIdOf,
    // Refusals made before any route runs are problem+json too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // X-Forwarded-* only from the proxies PARLEY_TRUST_PROXY names (off: from nobody).
    trustProxy: config.PARLEY_TRUST_PROXY,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { http: true }),
    adapter,
    {
      logger: config.LOG_LEVEL === 'silent' ? false : undefined,
      // Observability: Nest's start-up logs wait for the JSON logger (useObservability).
      bufferLogs: true,
      // The body parsers are ours (below), so that a malformed body gets our problem type.
      bodyParser: false,
      // A failed start (a missing key, an undeclared route) is thrown to the caller, which
      // says what failed; Nest's default would abort the process with a core dump.
      abortOnError: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  usePublicUrl(fastify, config.PARLEY_PUBLIC_URL);
  // JSON bodies are JSON: a text/plain body is answered 415, not half-parsed.
  fastify.removeContentTypeParser('text/plain');
  // Fastify's own JSON parser (it guards against prototype poisoning), with its refusal
  // turned into our problem type: Nest would otherwise flatten it to a bare 400.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parseJson(request, body.toString(), (error, value) =>
      done(error ? malformedBody(error) : null, value),
    ),
  );
  fastify.addContentTypeParser(
    NDJSON_TYPES,
    { parseAs: 'string', bodyLimit: config.PARLEY_BODY_LIMIT * IMPORT_LIMIT_FACTOR },
    (_request, body, done) => done(null, body),
  );
  // A dataset's raw file (POST /records/import?format=gdelt2...), zipped or not, as bytes;
  // any other route refuses these media types before reading the body, as before.
  const importLimit = config.PARLEY_BODY_LIMIT * IMPORT_LIMIT_FACTOR;
  fastify.addContentTypeParser(DATASET_MEDIA_TYPES, (request, payload, done) => {
    if (request.routeOptions.url !== IMPORT_ROUTE) {
      done(
        bodyError(
          415,
          'FST_ERR_CTP_INVALID_MEDIA_TYPE',
          `Unsupported Media Type: ${request.headers['content-type'] ?? ''}`,
        ),
      );
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    payload.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > importLimit) {
        payload.destroy();
        done(bodyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'));
        return;
      }
      chunks.push(chunk);
    });
    // A client that went away mid-upload is its own doing (400, as Fastify's own parsers
    // say), not a fault of the service to log as one.
    payload.on('error', (error) => done(Object.assign(error, { statusCode: 400 })));
    payload.on('end', () => done(null, Buffer.concat(chunks)));
  });
  await applySecurity(app, config);
  // Observability: JSON logs, the X-Request-Id echo, HTTP metrics.
  useObservability(app);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe([RECORD_INPUT_PARSER]));
  await app.init();
  // The OpenAPI document describes the routes the app now has, with the roles they ask for.
  app.get(ApiDescription).publish(await createApiDocument(app, app.get(RouteCatalog).routes()));
  if (config.PARLEY_SAMPLE_DATA === 'auto') await app.get(SampleLoader).loadIntoEmptyStore();
  return app;
}

/** A refusal of a body as Fastify's own parsers make it (status and code), answered as problem+json. */
function bodyError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}
