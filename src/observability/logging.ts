import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config';
import { requestIdOf } from '../http/request-context';

/**
 * JSON lines on standard output at `LOG_LEVEL` (`silent`: none), one per request when it
 * completes (method, url, status, response time and the request id), Nest's own logs
 * too once the app uses this logger. Bodies and response headers are never logged;
 * credentials are redacted.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      // Fastify made the id (app.factory's genReqId) and middie copied it to the raw
      // request, which pino-http then takes; this is only the fallback.
      genReqId: (request) => requestIdOf(request),
      serializers: {
        // The response's headers are the same ~1.2 kB of security headers on every
        // answer (helmet's CSP and the rest, the rate limit's): logging them said nothing
        // and cost each request its serialisation. The status is what a reader wants.
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
        censor: '[redacted]',
      },
    },
  };
}
