import { Logger, type INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type RequestBodyObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogRoute } from '../auth/route-catalog';
import { PROJECT_ROOT } from '../config/paths';
import { PROBLEM_CONTENT_TYPE } from '../http/problem';
import { loadApiExamples, TONE_EXAMPLE_QUERY, type ApiExamples } from './api-examples';
import pluginMetadata from './plugin-metadata';
import { ProblemDto } from '../http/problem.dto';
import { applyValidationConstraints } from './validation-shim';

/** The bearer scheme's name in `components.securitySchemes`. */
export const SECURITY_SCHEME = 'apiKey';

/** The extension on each operation that lists the roles a key needs for it (empty: public). */
export const REQUIRED_ROLES = 'x-required-roles';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

/** Never rate limited (src/auth/http-security.ts): polled by orchestrators and Prometheus. */
const UNLIMITED = /^\/(?:health\/|metrics$)/;

const PROBLEMS: Record<number, string> = {
  400: 'The request is not valid: `errors` names each failing field.',
  401: 'No API key, or one this service does not know (`WWW-Authenticate: Bearer`).',
  403: 'The key holds none of the roles the operation asks for (`requiredRoles`).',
  404: 'No such resource.',
  409: 'A conflict with what is recorded: with `If-Match`, another write came first (`actualRevision`).',
  413: 'The body is larger than `PARLEY_BODY_LIMIT`.',
  415: 'The body is not in a content type the operation takes.',
  422: 'Well-formed, but the domain refuses it (an unknown actor, a retracted record, an id reused with another body).',
  429: 'Too many requests from this client: retry after `Retry-After` seconds.',
};

/**
 * What the routes that write their own answers (a scrape, a stream, the page's files)
 * send: Nest's scan sees no return value there to describe, or takes text for JSON.
 */
const OWN_MEDIA: readonly {
  readonly path: string;
  readonly description: string;
  readonly types: readonly string[];
}[] = [
  {
    path: '/metrics',
    description: 'The Prometheus text exposition format (0.0.4).',
    types: ['text/plain; version=0.0.4'],
  },
  {
    path: '/replay',
    description:
      'The log, filtered: NDJSON, one event (as `GET /streams/{stream}/events` gives it) a line, the default; or server-sent events (`format=sse`, or `Accept: text/event-stream`): `id: <position>`, `data: <the event>` each (unnamed, for `onmessage`; `events=named` adds `event: <type>`), then `event: end` with `{ count, through }`, or `event: parley.error` with a problem; a `Last-Event-ID` at or past the end is answered 204.',
    types: ['application/x-ndjson', 'text/event-stream'],
  },
  {
    path: '/feed',
    description:
      'Server-sent events, catch-up then live: `id: <position>`, `data: <a CloudEvent>` each (unnamed, for `onmessage`; `events=named` adds `event: <CloudEvents type>`), its `dataschema` one of `GET /schemas`; resumable with `Last-Event-ID`; a slow consumer is cut off with `event: parley.error`.',
    types: ['text/event-stream'],
  },
  { path: '/', description: 'The analyst’s page.', types: ['text/html'] },
  {
    path: '/page/{file}',
    description: 'One of the page’s files: its browser modules and stylesheet.',
    types: ['text/html', 'text/javascript', 'text/css'],
  },
  {
    path: '/page/vendor/{file}',
    description: 'uPlot, the page’s charts.',
    types: ['text/javascript', 'text/css'],
  },
];

const DESCRIPTION = [
  'An event-sourced diplomatic timeline: statements, threats, denials and actions (material acts,',
  'mostly from machine-coded datasets) between political actors, projected into how a',
  'relationship’s tone moves over time. This document is generated from the',
  'service’s code (its controllers, the validation rules of its inputs and its access rules) when',
  'it starts; the examples come from the sample dataset (the README’s worked example, Trump → Putin).',
  '',
  'Every operation but the public ones asks for an API key holding one of its roles',
  '(`x-required-roles`): send it as `Authorization: Bearer <key>`. Here, press **Authorize** and',
  'paste the key. Errors are RFC 9457 `application/problem+json`.',
].join('\n');

/**
 * Builds the OpenAPI document of the running application: Nest's scan of its controllers
 * and DTOs (with the swagger plugin's metadata and the validation rules class-validator
 * enforces), then, for each route the route catalog knows, the roles its guard asks for,
 * its problem responses, and examples drawn from the sample dataset.
 */
export async function createApiDocument(
  app: INestApplication,
  routes: readonly CatalogRoute[],
  examples: ApiExamples | undefined = sampleExamples(),
): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
  applyValidationConstraints();
  const config = new DocumentBuilder()
    .setTitle('parley')
    .setDescription(DESCRIPTION)
    .setVersion(packageVersion())
    // addSecurity, not addBearerAuth: the latter adds `bearerFormat: JWT`, and a key is an
    // opaque string, not a token a client could decode.
    .addSecurity(SECURITY_SCHEME, {
      type: 'http',
      scheme: 'bearer',
      description:
        'An API key (`PARLEY_API_KEYS`, or the development key printed at the first start): an opaque string.',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto],
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  for (const route of routes) describeAccess(document, route);
  describeOwnMedia(document);
  describeHtml(document);
  describeQuoteRule(document);
  if (examples !== undefined) addExamples(document, examples);
  return document;
}

/** The examples, or none (said in the log) where the sample dataset cannot be read. */
function sampleExamples(): ApiExamples | undefined {
  try {
    return loadApiExamples();
  } catch (error) {
    new Logger('OpenAPI').warn(
      `The API document has no examples: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/** The path of a Nest route as OpenAPI writes it: `/records/:id` → `/records/{id}`. */
export function openApiPath(nestPath: string): string {
  return nestPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function operationOf(
  document: OpenAPIObject,
  path: string,
  method: string,
): OperationObject | undefined {
  const key = method.toLowerCase() as HttpMethod;
  return HTTP_METHODS.includes(key) ? document.paths[path]?.[key] : undefined;
}

/** The media types and a description of the answers {@link OWN_MEDIA} lists, in place of Nest's reading. */
function describeOwnMedia(document: OpenAPIObject): void {
  for (const { path, description, types } of OWN_MEDIA) {
    const response = operationOf(document, path, 'get')?.responses['200'] as
      ResponseObject | undefined;
    if (response === undefined) continue;
    response.description = description;
    response.content = Object.fromEntries(
      types.map((type) => [type, { schema: { type: 'string' } }]),
    );
  }
}

/**
 * A page is a string, whatever the JSON the same route answers when asked for JSON
 * (`/problems/{slug}`): Nest's scan gives every media type of a route the one schema.
 */
function describeHtml(document: OpenAPIObject): void {
  for (const path of Object.keys(document.paths))
    for (const operation of operationsAt(document, path))
      for (const response of Object.values(operation.responses))
        if (response && !isReference(response) && response.content?.['text/html'] !== undefined)
          response.content['text/html'] = { schema: { type: 'string' } };
}

/**
 * What no one property's rules can say: a record's `quote` is required unless it has an
 * `origin` (CreateRecordDto's `ValidateIf`: the datasets code events, not quotes), so the
 * body's schema says it as a whole: not "neither a quote nor an origin" (a null origin is
 * none). Said with `not` rather than `anyOf`, which openapi-typescript would turn into a
 * union that swallows the body's type.
 */
function describeQuoteRule(document: OpenAPIObject): void {
  const schema = document.components?.schemas?.CreateRecordDto;
  if (schema === undefined || '$ref' in schema) return;
  schema.not = {
    description: 'A record without an `origin` carries its `quote`.',
    allOf: [
      { not: { required: ['quote'] } },
      { not: { required: ['origin'], properties: { origin: { type: 'object' } } } },
    ],
  };
}

/** The roles from the same metadata the guard reads, and the problems the operation can answer. */
function describeAccess(document: OpenAPIObject, route: CatalogRoute): void {
  const path = openApiPath(route.path);
  const operation = operationOf(document, path, route.method);
  if (operation === undefined || route.access === undefined) return;
  const extended = operation as OperationObject & Record<string, unknown>;
  const access =
    'public' in route.access
      ? `Public: no key needed (${route.access.public}).`
      : `Needs a key with the role ${route.access.roles.map((r) => `\`${r}\``).join(' or ')}.`;
  operation.description = [operation.description, access].filter(Boolean).join('\n\n');
  if ('public' in route.access) {
    extended[REQUIRED_ROLES] = [];
    operation.security = [];
  } else {
    extended[REQUIRED_ROLES] = [...route.access.roles];
    operation.security = [{ [SECURITY_SCHEME]: [] }];
  }
  const statuses = problemStatuses(path, route, operation);
  for (const status of statuses) {
    operation.responses[String(status)] ??= {
      description: PROBLEMS[status] ?? 'A problem.',
      content: {
        [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } },
      },
    };
  }
}

function problemStatuses(path: string, route: CatalogRoute, operation: OperationObject): number[] {
  const statuses: number[] = [];
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const hasBody = operation.requestBody !== undefined;
  const inPath = parameters.some((p) => p.in === 'path');
  const writes = route.method === 'POST' && /^\/(?:records|actors|admin|subscriptions)/.test(path);
  if (hasBody || parameters.some((p) => p.in === 'query')) statuses.push(400);
  if (route.access !== undefined && 'roles' in route.access) statuses.push(401, 403);
  if (inPath && !path.startsWith('/dyads/')) statuses.push(404);
  if (writes) statuses.push(409);
  if (hasBody) statuses.push(413, 415);
  if (writes || path.startsWith('/dyads/')) statuses.push(422);
  if (!UNLIMITED.test(path)) statuses.push(429);
  return statuses;
}

/** Examples from the sample dataset on the operations they illustrate. */
function addExamples(document: OpenAPIObject, examples: ApiExamples): void {
  const { record, actor } = examples;
  const receipt = {
    id: record.id,
    stream: examples.recordView.stream,
    revision: 7,
    position: examples.recordView.history[0]?.position,
  };
  const trumpPutin = `${actor.name} → Vladimir Putin, from the sample`;
  requestExample(document, 'post', '/actors', actor, `${actor.name}, as the sample registers him`);
  requestExample(
    document,
    'post',
    '/actors/{id}/affiliations',
    examples.affiliation,
    `${actor.name} heads the US government`,
  );
  responseExample(document, 'get', '/actors/{id}', '200', examples.actorView);
  requestExample(document, 'post', '/records', record, trumpPutin);
  responseExample(document, 'post', '/records', '201', receipt);
  requestExample(
    document,
    'post',
    '/records/{id}/corrections',
    examples.correction,
    'A re-read tone',
  );
  responseExample(document, 'get', '/records/{id}', '200', examples.recordView);
  const { history: _history, ...listed } = examples.recordView;
  responseExample(document, 'get', '/records', '200', { items: [listed], nextCursor: null });
  responseExample(document, 'get', '/dyads/{source}/{target}/tone', '200', examples.tone);
  responseExample(document, 'get', '/dyads/{source}/{target}/shifts', '200', examples.shifts);
  requestExample(
    document,
    'post',
    '/records/import',
    `${JSON.stringify(record)}\n`,
    'One record per line',
    'application/x-ndjson',
  );
  parameterExamples(document, {
    id: actor.id,
    source: record.source,
    target: record.target,
    ...TONE_EXAMPLE_QUERY,
  });
  for (const path of ['/records/{id}', '/records/{id}/corrections']) {
    const parameters = operationsAt(document, path).flatMap((op) => op.parameters ?? []);
    for (const parameter of parameters)
      if (!isReference(parameter) && parameter.name === 'id') parameter.example = record.id;
  }
}

function requestExample(
  document: OpenAPIObject,
  method: HttpMethod,
  path: string,
  value: unknown,
  summary: string,
  contentType = 'application/json',
): void {
  const operation = operationOf(document, path, method);
  if (operation === undefined) return;
  const body = (operation.requestBody ?? { content: {} }) as RequestBodyObject;
  const media = body.content[contentType] ?? body.content['application/json'] ?? {};
  media.examples = { sample: { summary, value } };
  body.content = { ...body.content, [contentType]: media };
  operation.requestBody = body;
}

function responseExample(
  document: OpenAPIObject,
  method: HttpMethod,
  path: string,
  status: string,
  value: unknown,
): void {
  const operation = operationOf(document, path, method);
  const response = operation?.responses[status] as ResponseObject | undefined;
  if (response === undefined) return;
  const content = (response.content ??= {});
  const media = (content['application/json'] ??= {});
  media.examples = { sample: { summary: 'From the sample dataset', value } };
}

/** An example value for every path and query parameter of these names, wherever it appears. */
function parameterExamples(document: OpenAPIObject, values: Record<string, string>): void {
  for (const path of Object.keys(document.paths)) {
    if (!path.startsWith('/dyads/') && !path.startsWith('/actors/')) continue;
    for (const operation of operationsAt(document, path))
      for (const parameter of operation.parameters ?? [])
        if (!isReference(parameter) && values[parameter.name] !== undefined)
          parameter.example = values[parameter.name];
  }
}

function operationsAt(document: OpenAPIObject, path: string): OperationObject[] {
  const item = document.paths[path];
  return HTTP_METHODS.flatMap((method) => {
    const operation = item?.[method];
    return operation ? [operation] : [];
  });
}

function isReference(value: object): value is ReferenceObject {
  return '$ref' in value;
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? '0.0.0';
}
