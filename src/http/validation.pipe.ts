import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { inputShapeProblems } from './input-shape';
import { fieldProblems, validationProblem } from './problem';

/**
 * Refuses what class-validator and Nest's own pipe would let through or choke on
 * (see {@link inputShapeProblems}) before the DTO is built.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.toValidate(metadata)) {
      const problems = inputShapeProblems(value);
      if (problems.length > 0) throw validationProblem(problems);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Bodies and queries are checked against their DTOs; an unknown field is an error,
 * not silently dropped, so a misspelt field never goes unnoticed.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => validationProblem(fieldProblems(errors)),
  });
}
