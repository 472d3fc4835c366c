import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { Metrics } from './metrics';

/** Requests Fastify matched to no route share one label, whatever their URL. */
const UNMATCHED_ROUTE = 'unmatched';

/**
 * Wires the application to its logs and metrics: Nest logs through pino, every reply
 * echoes its request id, and every response is timed by route pattern.
 */
export function useObservability(app: NestFastifyApplication): void {
  app.useLogger(app.get(Logger));
  const { httpRequestDuration } = app.get(Metrics);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
