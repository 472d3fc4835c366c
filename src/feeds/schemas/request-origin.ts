import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** PARLEY_PUBLIC_URL without its trailing slash, or null: see {@link usePublicUrl}. */
    parleyPublicUrl: string | null;
  }
}

/**
 * PARLEY_PUBLIC_URL without a trailing slash: the base of the absolute URIs parley gives
 * (`<base>/schemas/StatementRecorded.json`), or undefined when it is not set.
 */
export function publicBase(publicUrl: string | undefined): string | undefined {
  return publicUrl === undefined ? undefined : publicUrl.replace(/\/+$/, '');
}

/**
 * Makes the configured public URL the base of every URL built from a request (per
 * server, not per process: several apps in one test process each keep their own).
 */
export function usePublicUrl(fastify: FastifyInstance, publicUrl: string | undefined): void {
  fastify.decorate('parleyPublicUrl', publicBase(publicUrl) ?? null);
}

/**
 * The base of the absolute URIs the feeds and `/schemas` give: PARLEY_PUBLIC_URL when it
 * is set, else `scheme://host[:port]` as the client addressed the service. Fastify reads
 * the scheme and host from X-Forwarded-Proto and X-Forwarded-Host only when
 * PARLEY_TRUST_PROXY trusts the peer, so an untrusted client cannot choose them. A Host
 * that does not make a URL falls back to the listening address's conventional name,
 * `localhost`.
 */
export function requestOrigin(
  request: Pick<FastifyRequest, 'protocol' | 'host'> & {
    readonly server?: Pick<FastifyInstance, 'parleyPublicUrl'>;
  },
): string {
  const configured = request.server?.parleyPublicUrl;
  if (configured) return configured;
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return `${request.protocol}://localhost`;
  }
}
