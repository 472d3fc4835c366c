import { isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
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
 * share it; the verified key's id (never the key) becomes their principal, and its
 * trace context their `traceparent`.
 */
export function commandContext(request: FastifyRequest): CommandContext {
  const traceparent = traceparentOf(request);
  return {
    correlationId: request.id,
    ...(request.principal ? { principal: request.principal.id } : {}),
    ...(traceparent === undefined ? {} : { traceparent }),
  };
}

/** W3C Trace Context version 00: `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The trace the write belongs to. With tracing on, the server span's own context (a
 * child of the caller's, when it sent one), so whatever the event sets off later joins
 * the trace under parley's span. With tracing off (the API answers no span), the
 * caller's header as it came, so a tracing proxy in front still gets end-to-end traces.
 * A header that is not valid trace context is dropped, as the W3C spec tells a receiver
 * to do, and never refuses the write.
 */
function traceparentOf(request: FastifyRequest): string | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    const flags = (span.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
    return `00-${span.traceId}-${span.spanId}-${flags}`;
  }
  const header = request.headers.traceparent;
  const match = typeof header === 'string' ? TRACEPARENT.exec(header.trim()) : null;
  if (!match || /^0+$/.test(match[1] ?? '') || /^0+$/.test(match[2] ?? '')) return undefined;
  return match[0];
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
