/**
 * An error the service answers on purpose. Each subclass names the HTTP status it maps
 * to in the one exception filter, a stable problem `type` slug, and (when it is about one
 * input field) the field, so the client can point at it. Errors raised below HTTP (the
 * event store, the projection runner) are DomainErrors too: the filter maps them without
 * importing the layers that raise them.
 */
export abstract class DomainError extends Error {
  abstract readonly status: 400 | 404 | 409 | 422 | 500;
  abstract readonly slug: string;
  readonly field?: string;
  /** The problem's title, where the status's own title would say too little. */
  readonly title?: string;

  /** The problem's `detail`: the message, unless the subclass tells the client more. */
  get detail(): string {
    return this.message;
  }

  /** Members of the problem+json answer beyond the standard ones (RFC 9457 §3.2). */
  extensions(): Readonly<Record<string, unknown>> {
    return {};
  }
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

/** A rule of the domain, named by `slug`, that the request breaks. */
abstract class BrokenRule extends DomainError {
  constructor(
    readonly slug: string,
    message: string,
    override readonly field?: string,
  ) {
    super(message);
  }
}

/** 422: a well-formed request the domain refuses. */
export class Refused extends BrokenRule {
  override readonly name = 'Refused';
  readonly status = 422;
}

/** 409: the request conflicts with what is already recorded. */
export class Conflict extends BrokenRule {
  override readonly name = 'Conflict';
  readonly status = 409;
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
