import { DomainError } from '../common/domain-error';
import type { ExpectedRevision } from './event-store.port';

/** The stream's revision was not the one the writer expected: someone else wrote first. */
export class WrongExpectedVersion extends DomainError {
  override readonly name = 'WrongExpectedVersion';
  readonly status = 409;
  readonly slug = 'wrong-expected-revision';
  override readonly title = 'The stream has moved on';

  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or `'no_stream'` when it has no events. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${stream} was expected at ${String(expected)} but is at ${String(actual)}`);
  }

  override get detail(): string {
    return `${this.stream} is at revision ${String(this.actual)}, not ${String(this.expected)}; read it again and retry`;
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return {
      stream: this.stream,
      actualRevision: this.actual === 'no_stream' ? null : this.actual,
    };
  }
}
