import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config';
import { requestIdOf } from '../http/request-context';

/**
 * JSON lines on standard output at `LOG_LEVEL` (`silent`: none), one per request when it
 * completes (method, url, status, response time and the request id), Nest's own logs
 * too once the app uses this logger. Bodies are never logged; credentials are redacted.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      // Fastify made the id (app.factory's genReqId) and middie copied it to the raw
      // request, which pino-http then takes; this is only the fallback.
      genReqId: (request) => requestIdOf(request),
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
        censor: '[redacted]',
      },
    },
  };
}
