import { Injectable } from '@nestjs/common';
import { malformedBody, validationProblem, type Problem } from '../../http/problem';
import { toProblem } from '../../http/problem.filter';
import type { RefusedRecordInput } from '../create-record/parse-record-input';
import { ImportRefusals } from '../import-records/import-refusals';

/** A refused import line, worded as `POST /records` would answer its record: problem+json. */
@Injectable()
export class ProblemImportRefusals extends ImportRefusals {
  notJson(error: unknown): Problem {
    return malformedBody(error).problem;
  }

  invalid({ problems }: RefusedRecordInput): Problem {
    return validationProblem(problems).problem;
  }

  refused(error: unknown): Problem | undefined {
    const problem = toProblem(error);
    return problem.status >= 500 ? undefined : problem;
  }
}
