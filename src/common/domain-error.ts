/**
 * A request the domain refuses. Each subclass names the HTTP status it maps to in the
 * one exception filter, a stable problem `type` slug, and (when it is about one input
 * field) the field, so the client can point at it.
 */
export abstract class DomainError extends Error {
  abstract readonly status: 400 | 404 | 409 | 422;
  abstract readonly slug: string;
  readonly field?: string;
}

export class UnknownActor extends DomainError {
  override readonly name = 'UnknownActor';
  readonly status = 422;
  readonly slug = 'unknown-actor';
  constructor(
    readonly actorId: string,
    override readonly field?: string,
  ) {
    super(`No actor is registered with id "${actorId}"`);
  }
}

export class NotFound extends DomainError {
  override readonly name = 'NotFound';
  readonly status = 404;
  readonly slug = 'not-found';
}

export class Refused extends DomainError {
  override readonly name = 'Refused';
  readonly status = 422;
  constructor(
    readonly slug: string,
    message: string,
    override readonly field?: string,
  ) {
    super(message);
  }
}

export class Conflict extends DomainError {
  override readonly name = 'Conflict';
  readonly status = 409;
  constructor(
    readonly slug: string,
    message: string,
    override readonly field?: string,
  ) {
    super(message);
  }
}

/** Well-formed but unusable input that class-validator cannot see (a foreign cursor, an unknown zone). */
export class BadInput extends DomainError {
  override readonly name = 'BadInput';
  readonly status = 400;
  readonly slug = 'validation-failed';
  constructor(
    message: string,
    override readonly field: string,
  ) {
    super(message);
  }
}
