import type { ValidationError } from 'class-validator';

/** One failing input field, named by its path in the body or query (`citation.outlet`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem details object. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldProblem[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs are relative references under /problems/ (RFC 9457 §3.1.1). */
export function problemType(slug: string): string {
  return `/problems/${slug}`;
}

/** Thrown where the answer is already a problem (validation of bodies and queries). */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export function validationProblem(
  errors: readonly FieldProblem[],
  detail?: string,
): ProblemException {
  return new ProblemException({
    type: problemType('validation-failed'),
    title: 'The request is not valid',
    status: 400,
    // A field of '' is the input as a whole (a body that is not an object): no path to name.
    detail:
      detail ?? errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; '),
    errors,
  });
}

/** Flattens class-validator's tree into one entry per failing field path. */
export function fieldProblems(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** A body that is not the JSON it claims to be. */
export function malformedBody(error: unknown): ProblemException {
  return new ProblemException({
    type: problemType('malformed-body'),
    title: 'The request is not valid',
    status: 400,
    detail: `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
  });
}
