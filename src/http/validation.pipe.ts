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

/** Query strings whose DTO is remembered; the least recently used are forgotten first. */
const VALID_QUERIES_KEPT = 1_000;

/**
 * The DTOs of query strings that passed, by DTO class and query. Building and validating
 * a query's DTO with class-transformer and class-validator cost more than reading a page
 * of records, and a client asks the same query again and again (a page, its refresh, a
 * dashboard's poll). Every rule a query DTO holds depends on the query alone (a format,
 * a range, a list of values, a known time zone), so a query that passed once passes
 * again with the same DTO. Refusals are not kept: they are answered anew, as before.
 */
class ValidQueries {
  private readonly kept = new Map<string, object>();

  constructor(private readonly capacity = VALID_QUERIES_KEPT) {}

  /** A fresh copy of the DTO this query passed as, or undefined. */
  find(key: string): object | undefined {
    const dto = this.kept.get(key);
    if (dto === undefined) return undefined;
    this.kept.delete(key);
    this.kept.set(key, dto);
    return Object.assign(Object.create(Object.getPrototypeOf(dto) as object | null) as object, dto);
  }

  /** Keeps a DTO that holds only primitives, which a copy then cannot share with the kept one. */
  keep(key: string, dto: unknown): void {
    if (typeof dto !== 'object' || dto === null) return;
    const values = Object.values(dto);
    if (!values.every((v) => v === undefined || v === null || typeof v !== 'object')) return;
    if (this.kept.size >= this.capacity) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
    this.kept.set(
      key,
      Object.freeze(
        Object.assign(Object.create(Object.getPrototypeOf(dto) as object | null) as object, dto),
      ),
    );
  }
}

/**
 * Refuses what class-validator and Nest's own pipe would let through or choke on
 * (see {@link inputShapeProblems}) before the DTO is built.
 */
class StrictValidationPipe extends ValidationPipe {
  private readonly parsers: ReadonlyMap<unknown, InputParser['parse']>;
  private readonly validQueries = new Map<unknown, ValidQueries>();

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
      if (metadata.type === 'query') return this.transformQuery(value, metadata);
    }
    return super.transform(value, metadata);
  }

  private async transformQuery(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    let valid = this.validQueries.get(metadata.metatype);
    if (valid === undefined) this.validQueries.set(metadata.metatype, (valid = new ValidQueries()));
    // A parsed query string: strings, and arrays of them for a repeated name.
    const key = JSON.stringify(value) ?? '';
    const found = valid.find(key);
    if (found !== undefined) return found;
    const dto: unknown = await super.transform(value, metadata);
    valid.keep(key, dto);
    return dto;
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
