import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { sendProblem } from '../http/problem.filter';
import type { AccessRule } from './access.decorator';
import { bearerChallenge, unauthorizedProblem } from './access.guard';
import { ApiKeyRing } from './api-keys';
import { credentialsOf } from './request-principal';
import { RouteCatalog } from './route-catalog';

/**
 * Refuses a request without a key parley knows before its body is read. Nest's guards
 * run after Fastify has parsed the body: an anonymous client could make the server
 * buffer 32 MiB imports at will (twenty of them at once cost 530 MB) only to be told 401.
 * Here, in Fastify's `preParsing` hook (after `onRequest`, where the rate limiter counts
 * the request; before the body parser), the same verification ({@link credentialsOf},
 * cached for the guard) answers 401 with the headers alone, and `Connection: close` drops
 * whatever of the body is still coming instead of reading it. The route's roles are
 * still checked by {@link AccessGuard}, which has the handler's metadata.
 *
 * Call before `app.init()`; the routes' rules are looked up once the app has started.
 */
export function authenticateBeforeBody(app: NestFastifyApplication): void {
  let rules: Map<string, AccessRule | undefined> | undefined;
  const ruleOf = (request: FastifyRequest): AccessRule | undefined => {
    rules ??= new Map(
      app
        .get(RouteCatalog)
        .routes()
        .map((route) => [`${route.method} ${route.path}`, route.access]),
    );
    const path = request.routeOptions.url;
    if (path === undefined) return undefined;
    // Fastify answers HEAD from the GET route.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    return rules.get(`${method} ${path}`);
  };
  const keys = app.get(ApiKeyRing);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preParsing', (request, reply, payload, done) => {
      const rule = ruleOf(request);
      // Public routes, and paths no route serves (their 404 needs no key), pass.
      if (rule === undefined || 'public' in rule) return done(null, payload);
      const { presented, principal } = credentialsOf(request, keys);
      if (principal !== undefined) return done(null, payload);
      void reply
        .header('www-authenticate', bearerChallenge(presented))
        .header('connection', 'close');
      sendProblem(reply, { ...unauthorizedProblem(presented), instance: request.url });
    });
}
