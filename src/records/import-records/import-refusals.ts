import type { RefusedRecordInput } from '../create-record/parse-record-input';

/**
 * Why a line was refused, as the service answers any refusal: an RFC 9457 problem
 * details object (`type`, `title`, `status`, `detail`, `errors`, ...).
 */
export interface LineProblem {
  readonly status: number;
  readonly [member: string]: unknown;
}

/**
 * How the import report words a refused line. The importer decides what it refuses; the
 * words are the service's one error vocabulary, which the HTTP platform's exception
 * mapping owns, so that a line reads as the same record sent alone to `POST /records`
 * would be answered. The records module binds the implementation
 * (records/http/problem-import-refusals.ts): the use case itself knows nothing of HTTP.
 */
export abstract class ImportRefusals {
  /** A line that is not JSON. */
  abstract notJson(error: unknown): LineProblem;

  /** A line the record parser refused. */
  abstract invalid(input: RefusedRecordInput): LineProblem;

  /**
   * What recording a parsed line raised, or undefined when it is not the line's fault
   * (a 5xx): then the import fails, as any request would.
   */
  abstract refused(error: unknown): LineProblem | undefined;
}
