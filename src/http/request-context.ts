import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CommandContext } from '../common/command-context';
import { validationProblem } from './problem';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A request's id: the client's `X-Request-Id` when it is a sensible one, else a new
 * UUID. Fastify calls it once per request (`genReqId`); the id is then `request.id`,
 * the request's log line carries it, and the reply echoes it.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The request's id becomes the events' correlation id, so a log line and its events
 * share it; the verified key's id (never the key) becomes their principal.
 */
export function commandContext(request: FastifyRequest): CommandContext {
  return {
    correlationId: request.id,
    ...(request.principal ? { principal: request.principal.id } : {}),
  };
}

/**
 * The stream revision a client read, from `If-Match: "7"` (`"-1"`: the dyad has no
 * record yet). Absent means "decide on whatever the stream holds".
 */
export function expectedRevisionFrom(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(-1|\d{1,15})"?\s*$/.exec(String(header));
  if (!match?.[1]) {
    throw validationProblem([
      { field: 'If-Match', message: 'If-Match must be a stream revision such as "7"' },
    ]);
  }
  return Number(match[1]);
}
