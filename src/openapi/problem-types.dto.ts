/*
 * What `GET /problems/{slug}` answers in JSON, as classes for the OpenAPI document; the
 * registry they describe is src/http/problem-types.ts.
 */
import { ApiSchema } from '@nestjs/swagger';

/** One problem type: what it means and what to do about it. */
@ApiSchema({ name: 'ProblemType' })
export class ProblemTypeDto {
  /** The URI problems of this type carry as their `type`, e.g. `/problems/validation-failed`. */
  readonly type!: string;
  readonly title!: string;
  /** The HTTP status it comes with. */
  readonly status!: number;
  /** What happened, in the client's terms. */
  readonly meaning!: string;
  /** What to do about it. */
  readonly action!: string;
}

/** Every problem type parley answers with. */
@ApiSchema({ name: 'ProblemTypeList' })
export class ProblemTypeListDto {
  readonly items!: ProblemTypeDto[];
}
