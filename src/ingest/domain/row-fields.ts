import type { SkipReason } from './dataset-row';

/**
 * Thrown while one row is mapped, caught by `mapRow` alone: a field deep in the mapping
 * can refuse the row (or skip it) without every helper returning a union. It never
 * leaves this folder, so it carries no stack: most rows of a GDELT file are skipped
 * (three in four), and capturing a stack for each was a tenth of an import's time.
 */
export class RowRejected extends Error {
  readonly rejection:
    | { readonly status: 'skipped'; readonly reason: SkipReason }
    | { readonly status: 'refused'; readonly field: string; readonly message: string };

  constructor(rejection: RowRejected['rejection']) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(rejection.status === 'skipped' ? rejection.reason : rejection.message);
    Error.stackTraceLimit = limit;
    this.rejection = rejection;
  }
}

export function skipRow(reason: SkipReason): never {
  throw new RowRejected({ status: 'skipped', reason });
}

export function refuseRow(field: string, message: string): never {
  throw new RowRejected({ status: 'refused', field, message });
}

const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/**
 * A calendar day (`YYYYMMDD`, GDELT's SQLDATE; or `YYYY-MM-DD`, ICEWS's Event Date) as
 * that day's first instant in UTC: the datasets date events by day, with no time zone.
 */
export function dayStart(value: string, field: string): string {
  const text = value.trim();
  const day = /^\d{8}$/.test(text)
    ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`
    : /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? text
      : refuseRow(field, `"${value}" is not a date (YYYYMMDD or YYYY-MM-DD)`);
  return checkedInstant(`${day}T00:00:00Z`, value, field);
}

/** GDELT 2.0's DATEADDED, `YYYYMMDDHHMMSS` in UTC. */
export function stampInstant(value: string, field: string): string {
  const match = STAMP.exec(value.trim());
  if (!match) refuseRow(field, `"${value}" is not a timestamp (YYYYMMDDHHMMSS)`);
  const day = match.slice(1, 4).join('-');
  const time = match.slice(4, 7).join(':');
  return checkedInstant(`${day}T${time}Z`, value, field);
}

/** Refuses a well-shaped date that is no day of the calendar (`20150231`). */
function checkedInstant(iso: string, value: string, field: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time) || new Date(time).toISOString().replace('.000Z', 'Z') !== iso) {
    refuseRow(field, `"${value}" is not a day of the calendar`);
  }
  return iso;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal column; an empty one is absent, anything else but a number refuses the row. */
export function optionalNumber(value: string | undefined, field: string): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (!DECIMAL.test(text)) refuseRow(field, `"${value}" is not a number`);
  return Number(text);
}

/** A count column (NumMentions, ...): a whole number ≥ 0, or absent when empty. */
export function optionalCount(value: string | undefined, field: string): number | undefined {
  const number = optionalNumber(value, field);
  if (number !== undefined && (!Number.isInteger(number) || number < 0)) {
    refuseRow(field, `"${value}" is not a whole number`);
  }
  return number;
}
