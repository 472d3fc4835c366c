import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { inputShapeProblems } from '../../http/input-shape';
import { fieldProblems, type FieldProblem } from '../../http/problem';
import { STRICT_VALIDATION, type InputParser } from '../../http/validation.pipe';
import type { RecordDraft } from '../domain/record';
import { CreateRecordDto, toRecordDraft } from './create-record.dto';

/** What a recorder sent, parsed: the record to record, or each failing field. */
export type RecordInput = { readonly ok: true; readonly draft: RecordDraft } | RefusedRecordInput;

export interface RefusedRecordInput {
  readonly ok: false;
  /** Each failing field by its path (`citation.outlet`); `''` is the input as a whole. */
  readonly problems: readonly FieldProblem[];
}

/**
 * The one way raw input (parsed JSON) becomes a record draft. `POST /records` (through
 * the validation pipe: {@link RECORD_INPUT_PARSER}) and each line of an NDJSON import
 * call it, so both take and refuse exactly the same, with the same field problems.
 *
 * In order: the input's shape ({@link inputShapeProblems}: keys named after
 * `Object.prototype`'s members, nesting too deep, lone surrogates), that it is an object,
 * then each field's rules (CreateRecordDto, record-field-rules.ts), an unknown field being
 * an error. A kind's own rules (a threat names its instrument, a statement denies
 * nothing) are not checked here: they are the domain's (`kindRuleBroken`), kept after
 * every correction too, and refused as 422.
 *
 * @param newId gives the id of a record sent without one.
 */
export function parseRecordInput(raw: unknown, newId: () => string = randomUUID): RecordInput {
  const parsed = parseRecordDto(raw);
  return parsed.ok
    ? { ok: true, draft: toRecordDraft(parsed.dto, parsed.dto.id ?? newId()) }
    : parsed;
}

/** The input's shape, that it is an object, then each field's rules: the steps above. */
function parseRecordDto(
  raw: unknown,
): { readonly ok: true; readonly dto: CreateRecordDto } | RefusedRecordInput {
  const shapeProblems = inputShapeProblems(raw);
  if (shapeProblems.length > 0) return { ok: false, problems: shapeProblems };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const found = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : `a ${typeof raw}`;
    return {
      ok: false,
      problems: [{ field: '', message: `a record must be a JSON object, not ${found}` }],
    };
  }
  const dto = plainToInstance(CreateRecordDto, raw);
  // Synchronous: no record rule is asynchronous, and the parser stays a plain function.
  const errors = validateSync(dto, STRICT_VALIDATION);
  return errors.length > 0 ? { ok: false, problems: fieldProblems(errors) } : { ok: true, dto };
}

/**
 * `POST /records`'s body goes through the same steps as an import line: registered with
 * the validation pipe where the app is built, it hands the controller the checked
 * {@link CreateRecordDto} the route declares, which the controller makes a draft of.
 */
export const RECORD_INPUT_PARSER: InputParser<CreateRecordDto> = {
  dto: CreateRecordDto,
  parse: (raw) => {
    const parsed = parseRecordDto(raw);
    return parsed.ok ? { ok: true, value: parsed.dto } : parsed;
  },
};
