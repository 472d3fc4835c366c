import type { FastifyRequest } from 'fastify';

/**
 * `scheme://host[:port]` as the client addressed the service (behind a proxy, as
 * Fastify's `trustProxy` lets it read X-Forwarded-*): the base of the absolute URIs
 * the feeds and `/schemas` give. A Host that does not make a URL falls back to the
 * listening address's conventional name, `localhost`.
 */
export function requestOrigin(request: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return `${request.protocol}://localhost`;
  }
}
