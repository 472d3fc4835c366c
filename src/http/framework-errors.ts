import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem';
import { sendProblem } from './problem.filter';

/**
 * What the router refuses before any route runs (a path that is not valid
 * percent-encoding, a path segment over Fastify's 100 characters), as problem+json
 * like every other refusal, instead of the router's own JSON.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode ?? 400;
  sendProblem(reply, {
    type: problemType(status === 414 ? 'uri-too-long' : 'malformed-url'),
    title: status === 414 ? 'The URL is too long' : 'The URL is not valid',
    status,
    detail:
      status === 414
        ? 'A path segment is longer than 100 characters'
        : 'The path is not valid percent-encoding',
    instance: request.url,
  });
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request (headers over 16 KiB, a
 * malformed request line, a client that is too slow): answered on the socket, as
 * problem+json. A reset connection gets nothing: no one is listening.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  const problem: Problem = {
    type: problemType(
      status === 431 ? 'headers-too-large' : status === 408 ? 'timeout' : 'malformed-request',
    ),
    title: STATUS_CODES[status] ?? 'Bad Request',
    status,
    detail:
      status === 431
        ? 'The request headers (the URL included) are over 16 KiB'
        : status === 408
          ? 'The request was not received in time'
          : 'The request is not valid HTTP',
  };
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${problem.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
