import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';
import { ProblemException, problemType } from '../http/problem';
import { ApiKeyRing } from './api-keys';
import { authenticateBeforeBody } from './early-authentication';
import { credentialsOf } from './request-principal';

/** Polled by orchestrators and Prometheus, which must never be told to back off. */
const UNLIMITED_PATHS = /^\/(?:health(?:\/|$|\?)|metrics(?:$|\?))/;

const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = 600;

/** One year, the figure the HSTS preload list asks for (RFC 6797 §6.1.1). */
const HSTS_MAX_AGE_S = 31_536_000;

/**
 * Registers the request limits and security headers: rate limiting per client,
 * helmet's headers, when origins are configured, CORS, and the key check that runs
 * before a body is read. Call before `app.init()`,
 * so that the rate limiter sees every route as it is added.
 */
export async function applySecurity(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const headers = Object.entries(await securityHeaders(config));
  // On the raw response, as helmet sets them, so that answers written past Fastify (the
  // feed's event stream) carry them too.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      done();
    });
  if (config.PARLEY_CORS_ORIGINS !== undefined) await app.register(cors, corsOptions(config));
  if (config.PARLEY_RATE_LIMIT > 0)
    await app.register(rateLimit, rateLimitOptions(config, app.get(ApiKeyRing)));
  authenticateBeforeBody(app);
}

/**
 * The headers helmet sets, computed once. `@fastify/helmet` builds helmet's middleware
 * anew on every request (the CSP directives parsed and checked again each time) to set
 * the same headers, whatever the request: the configuration alone decides them. So
 * helmet answers one request of a private Fastify instance here, and its headers are
 * what every answer gets.
 */
async function securityHeaders(config: AppConfig): Promise<Record<string, string>> {
  const probe = new FastifyAdapter().getInstance();
  try {
    await probe.register(helmet, helmetOptions(config));
    let headers: Record<string, string> = {};
    probe.get('/', (_request, reply) => {
      // Only the onRequest hooks have run: what the raw response holds, helmet set.
      headers = Object.fromEntries(
        Object.entries(reply.raw.getHeaders()).map(([name, value]) => [name, String(value)]),
      );
      return reply.send('');
    });
    await probe.inject({ method: 'GET', url: '/' });
    return headers;
  } finally {
    await probe.close();
  }
}

/**
 * The headers for a JSON API that will also serve one page at `/`: its scripts, styles
 * and API calls come from its own origin, and nothing inline runs (an injected
 * `<script>` or `style=` attribute is refused). No framing, no referrer sent on.
 */
function helmetOptions(config: AppConfig): Parameters<typeof helmet>[1] {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only a deployment that promises HTTPS may upgrade: on a laptop's plain
        // http://127.0.0.1 it would break the page's own requests.
        upgradeInsecureRequests: config.PARLEY_HSTS ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: config.PARLEY_HSTS ? { maxAge: HSTS_MAX_AGE_S, includeSubDomains: false } : false,
  };
}

function corsOptions(config: AppConfig): Parameters<typeof cors>[1] {
  const origins = new Set(config.PARLEY_CORS_ORIGINS);
  return {
    // An origin not on the list gets no CORS headers at all (a list given to the plugin
    // as it is would still send it Access-Control-Expose-Headers), so its browser refuses.
    origin: origins.has('*')
      ? '*'
      : (origin, allow) => allow(null, origin !== undefined && origins.has(origin)),
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Last-Event-ID', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id', ...RATE_LIMIT_HEADERS],
    // API keys travel in Authorization, never in cookies: no credentialed requests.
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_S,
    // A bare OPTIONS (no Access-Control-Request-Method) is not answered with a text/plain 400.
    strictPreflight: false,
  };
}

function rateLimitOptions(config: AppConfig, keys: ApiKeyRing): Parameters<typeof rateLimit>[1] {
  const windowSeconds = Math.round(config.PARLEY_RATE_LIMIT_WINDOW / 1000);
  return {
    max: config.PARLEY_RATE_LIMIT,
    timeWindow: config.PARLEY_RATE_LIMIT_WINDOW,
    keyGenerator: (request) => rateLimitKey(request, keys),
    allowList: (request) => UNLIMITED_PATHS.test(request.url),
    // Bounded memory: the least recently seen clients are forgotten first.
    cache: 10_000,
    errorResponseBuilder: (_request, context) =>
      new ProblemException({
        type: problemType('rate-limited'),
        title: 'Too many requests',
        status: context.statusCode,
        detail: `This client may make ${context.max} requests per ${windowSeconds} s; retry in ${Math.ceil(context.ttl / 1000)} s (see Retry-After).`,
        retryAfter: Math.ceil(context.ttl / 1000),
      }),
  };
}

/**
 * Who a request counts against: its key when it sends one parley knows (by the key's
 * id, never the key), else its address. Made-up keys count against the address, so
 * that inventing keys buys no one a fresh allowance.
 */
export function rateLimitKey(request: FastifyRequest, keys: ApiKeyRing): string {
  const { principal } = credentialsOf(request, keys);
  if (principal) return principal.id;
  // An IPv6 client is counted by its /64, as the plugin does: one host holds them all.
  return `ip:${normalizeIP(request.ip)}`;
}
