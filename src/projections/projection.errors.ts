import { DomainError } from '../common/domain-error';

export class UnknownProjection extends DomainError {
  override readonly name = 'UnknownProjection';
  readonly status = 404;
  readonly slug = 'not-found';
  constructor(readonly projection: string) {
    super(`No projection named ${projection}`);
  }
}

/** A skip that names anything but the one event a projection is stopped at. */
export class SkipRefused extends DomainError {
  override readonly name = 'SkipRefused';
  readonly status = 409;
  readonly slug = 'skip-refused';
}

/** Operations on the projections belong to the process that applies them. */
export class NotLeaseHolder extends DomainError {
  override readonly name = 'NotLeaseHolder';
  readonly status = 409;
  readonly slug = 'not-lease-holder';
  constructor() {
    super(
      'Another parley process (a server on the same database file) applies the projections: ask it, over its HTTP API',
    );
  }
}
