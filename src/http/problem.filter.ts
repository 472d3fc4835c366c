import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import {
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  problemType,
  problemTypeOfStatus,
  type Problem,
} from './problem';
import { isProblemSlug } from './problem-types';
import { storageProblem } from './storage-problem';

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
      // Every slug the code raises is registered (problem-types.unit.spec.ts).
      type: isProblemSlug(error.slug) ? problemType(error.slug) : 'about:blank',
      title: error.title ?? TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.detail,
      instance,
      ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
      ...error.extensions(),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return {
      type: problemTypeOfStatus(status),
      title: TITLES[status] ?? error.name,
      status,
      detail: error.message,
      instance,
    };
  }
  const storage = storageProblem(error);
  if (storage) return { ...storage, instance };
  const fastifyStatus = clientErrorStatus(error);
  if (fastifyStatus !== undefined) {
    return {
      type: problemTypeOfStatus(fastifyStatus),
      title: TITLES[fastifyStatus] ?? 'Bad request',
      status: fastifyStatus,
      detail: (error as Error).message,
      instance,
    };
  }
  return {
    type: problemType('internal-error'),
    title: TITLES[500] as string,
    status: 500,
    instance,
  };
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
