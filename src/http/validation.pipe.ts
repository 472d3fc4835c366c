import {
  ValidationPipe,
  type ArgumentMetadata,
  type Type,
  type ValidationPipeOptions,
} from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { inputShapeProblems } from './input-shape';
import { fieldProblems, validationProblem, type FieldProblem } from './problem';

/**
 * How every input is held to its DTO's rules: an unknown field is an error, not silently
 * dropped, so a misspelt field never goes unnoticed. A parser that runs class-validator
 * itself (see {@link InputParser}) passes the same.
 */
export const STRICT_VALIDATION = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
} as const satisfies ValidatorOptions;

/** What a parser makes of an input: the value, or each failing field. */
export type InputParse<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/**
 * The one parser of a DTO class's input, for an input that also comes in by another way
 * than an HTTP route (a record: `POST /records` and each line of an NDJSON import), so
 * that both ways take and refuse exactly the same. The pipe hands such a body to its
 * parser instead of validating it itself, and answers its problems as its own.
 */
export interface InputParser<T = unknown> {
  /** The class a route declares the input as (`@Body() dto: CreateRecordDto`). */
  readonly dto: Type<unknown>;
  readonly parse: (raw: unknown) => InputParse<T>;
}

/**
 * Refuses what class-validator and Nest's own pipe would let through or choke on
 * (see {@link inputShapeProblems}) before the DTO is built.
 */
class StrictValidationPipe extends ValidationPipe {
  private readonly parsers: ReadonlyMap<unknown, InputParser['parse']>;

  constructor(options: ValidationPipeOptions, parsers: readonly InputParser[]) {
    super(options);
    this.parsers = new Map(parsers.map((parser) => [parser.dto, parser.parse]));
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.toValidate(metadata)) {
      const parse = this.parsers.get(metadata.metatype);
      if (parse !== undefined) {
        const parsed = parse(value);
        if (!parsed.ok) throw validationProblem(parsed.problems);
        return parsed.value;
      }
      const problems = inputShapeProblems(value);
      if (problems.length > 0) throw validationProblem(problems);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Bodies and queries are checked against their DTOs ({@link STRICT_VALIDATION}); a DTO
 * with an {@link InputParser} among `parsers` is parsed by it instead.
 */
export function createValidationPipe(parsers: readonly InputParser[] = []): ValidationPipe {
  return new StrictValidationPipe(
    {
      ...STRICT_VALIDATION,
      transform: true,
      exceptionFactory: (errors) => validationProblem(fieldProblems(errors)),
    },
    parsers,
  );
}
