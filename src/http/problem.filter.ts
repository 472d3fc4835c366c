import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import { WrongExpectedVersion } from '../event-store/event-store.errors';
import { UpcastFailed } from '../event-store/upcasting/upcasting.errors';
import { NotLeaseHolder, SkipRefused, UnknownProjection } from '../projections/projection-runner';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemType, type Problem } from './problem';

const TITLES: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Authentication is required',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'The request body is too large',
  415: 'Unsupported media type',
  422: 'The request cannot be carried out',
  429: 'Too many requests',
  500: 'Internal error',
};

/** Every error the service answers, as RFC 9457 problem+json; never a stack trace. */
export function toProblem(error: unknown, instance?: string): Problem {
  if (error instanceof ProblemException) return { ...error.problem, instance };
  if (error instanceof DomainError) {
    return {
      type: problemType(error.slug),
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      instance,
      ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
    };
  }
  if (error instanceof WrongExpectedVersion) {
    return {
      type: problemType('wrong-expected-revision'),
      title: 'The stream has moved on',
      status: 409,
      detail: `${error.stream} is at revision ${String(error.actual)}, not ${String(error.expected)}; read it again and retry`,
      instance,
      stream: error.stream,
      actualRevision: error.actual === 'no_stream' ? null : error.actual,
    };
  }
  if (error instanceof UnknownProjection) {
    return {
      type: problemType('not-found'),
      title: 'Not found',
      status: 404,
      detail: error.message,
      instance,
    };
  }
  if (error instanceof SkipRefused || error instanceof NotLeaseHolder) {
    return {
      type: problemType(error instanceof SkipRefused ? 'skip-refused' : 'not-lease-holder'),
      title: 'Conflict',
      status: 409,
      detail: error.message,
      instance,
    };
  }
  if (error instanceof UpcastFailed) {
    // Not the client's fault, and not to be hidden: the stored event that cannot be read.
    return {
      type: problemType('unreadable-event'),
      title: 'A stored event cannot be read',
      status: 500,
      detail: error.message,
      instance,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return {
      type: 'about:blank',
      title: TITLES[status] ?? error.name,
      status,
      detail: error.message,
      instance,
    };
  }
  const fastifyStatus = clientErrorStatus(error);
  if (fastifyStatus !== undefined) {
    return {
      type: fastifyStatus === 400 ? problemType('malformed-body') : 'about:blank',
      title: TITLES[fastifyStatus] ?? 'Bad request',
      status: fastifyStatus,
      detail: (error as Error).message,
      instance,
    };
  }
  return { type: 'about:blank', title: TITLES[500] as string, status: 500, instance };
}

/** Fastify's own 4xx errors (a body that is not JSON, too large, a wrong media type). */
function clientErrorStatus(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const status = (error as Error & { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

export function sendProblem(reply: FastifyReply, problem: Problem): void {
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(error, request.url);
    if (problem.status >= 500)
      this.logger.error(error instanceof Error ? error.stack : String(error));
    sendProblem(http.getResponse<FastifyReply>(), problem);
  }
}
