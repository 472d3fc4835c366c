import type { ValidationError } from 'class-validator';
import { problemSlugOfStatus, type ProblemSlug } from './problem-types';

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

/**
 * Problem type URIs are relative references under /problems/ (RFC 9457 §3.1.1), each a
 * page that explains it; the slug must be one of {@link PROBLEM_TYPES}.
 */
export function problemType(slug: ProblemSlug): string {
  return `/problems/${slug}`;
}

/** The type of a refusal the framework made, by its status (`about:blank` for one with no page). */
export function problemTypeOfStatus(status: number): string {
  const slug = problemSlugOfStatus(status);
  return slug === undefined ? 'about:blank' : problemType(slug);
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

/**
 * The rules that say what a field is at all: there, known, of its JSON type. When one of
 * them fails, the field's other rules fail with it and say nothing more ("abc" is not an
 * integer, so it is also "not less than 1" and "not greater than 500").
 */
const WHAT_A_FIELD_IS = [
  'whitelistValidation',
  'unknownValue',
  'isDefined',
  'nestedValidation',
  'isObject',
  'isArray',
  'isString',
  'isBoolean',
  'isInt',
  'isNumber',
];

/**
 * Flattens class-validator's tree into one entry per failing field path, with one message:
 * a failing rule of {@link WHAT_A_FIELD_IS} first, else the first failing rule in the order
 * class-validator checked them. Not class-validator's `stopAtFirstError`: it stops at the
 * first rule registered, and stacked decorators register bottom-up, which would answer
 * `limit=many` with "limit must not be greater than 500".
 */
export function fieldProblems(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const message = firstMessage(error.constraints ?? {});
    const own = message === undefined ? [] : [{ field, message }];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

function firstMessage(constraints: Record<string, string>): string | undefined {
  const failed = Object.keys(constraints);
  const first = WHAT_A_FIELD_IS.find((name) => failed.includes(name)) ?? failed[0];
  return first === undefined ? undefined : constraints[first];
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
