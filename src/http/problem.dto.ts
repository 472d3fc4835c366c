/*
 * The problem details every error answers with (RFC 9457), as classes for the OpenAPI
 * document. Each implements the interface the exception filter sends, so the compiler
 * refuses a class that drifts from what is actually sent; their properties are described
 * by the Nest swagger plugin's metadata (src/openapi/plugin-metadata.ts), and each is
 * named in the document without its `Dto` suffix.
 */
import { ApiSchema } from '@nestjs/swagger';
import type { FieldProblem, Problem } from './problem';

/** One failing input field. */
@ApiSchema({ name: 'FieldProblem' })
export class FieldProblemDto implements FieldProblem {
  /** The field's path in the body or query, e.g. `citation.outlet`. */
  readonly field!: string;
  readonly message!: string;
}

/** An RFC 9457 problem details object, sent as `application/problem+json`. */
@ApiSchema({ name: 'Problem' })
export class ProblemDto implements Problem {
  [extension: string]: unknown;
  /** A relative URI naming the kind of problem, e.g. `/problems/validation-failed`: a page that explains it. */
  readonly type!: string;
  readonly title!: string;
  /** The HTTP status code. */
  readonly status!: number;
  readonly detail?: string;
  /** The request path the problem is about. */
  readonly instance?: string;
  /** Each failing input field (400). */
  readonly errors?: FieldProblemDto[];
  /** With 409 on a conditional write: the stream's revision now. */
  readonly actualRevision?: number | null;
  /** With 409 on a conditional write: the stream that moved on. */
  readonly stream?: string;
  /** With 403: the roles the route asks for. */
  readonly requiredRoles?: string[];
  /** With 429: seconds until the client may retry (also sent as `Retry-After`). */
  readonly retryAfter?: number;
}
