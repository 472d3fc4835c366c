import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../event-store/run-stream-command';
import { validationProblem } from './problem';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id (a client's `X-Request-Id`, or a new one) becomes the events' correlation id. */
export function commandContext(request: FastifyRequest): CommandContext {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  return { correlationId: id };
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
