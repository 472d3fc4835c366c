import type { FastifyRequest } from 'fastify';
import { bearerKeyOf, type ApiKeyRing, type Principal } from './api-keys';

/** What a request's `Authorization` header came to: the key it presented, and whom it stands for. */
export interface Credentials {
  readonly presented: string | undefined;
  readonly principal: Principal | undefined;
}

/** Each request's verdict, for as long as the request lives. */
const verdicts = new WeakMap<FastifyRequest, Credentials>();

/**
 * The request's bearer key, verified once per request: the rate limiter (which counts a
 * known key by its id) and the access guard both ask, and each verification hashes the
 * key and compares it with every stored key.
 */
export function credentialsOf(request: FastifyRequest, keys: ApiKeyRing): Credentials {
  let verdict = verdicts.get(request);
  if (verdict === undefined) {
    const presented = bearerKeyOf(request.headers.authorization);
    verdict = {
      presented,
      principal: presented === undefined ? undefined : keys.verify(presented),
    };
    verdicts.set(request, verdict);
  }
  return verdict;
}
