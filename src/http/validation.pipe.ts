import { ValidationPipe } from '@nestjs/common';
import { fieldProblems, validationProblem } from './problem';

/**
 * Bodies and queries are checked against their DTOs; an unknown field is an error,
 * not silently dropped, so a misspelt field never goes unnoticed.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => validationProblem(fieldProblems(errors)),
  });
}
