import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches, registerDecorator, type ValidationOptions } from 'class-validator';
import { DateTime, IANAZone } from 'luxon';

const OFFSET_AT_END = /(?:Z|[+-]\d{2}:?\d{2})$/;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * ISO 8601 allows forms that `Date.parse`, which the projections use, does not read:
 * an hour without minutes (`T14Z`), a time without colons (`T1400Z`), a comma before
 * the fraction (`14:00:00,5Z`). Taking one would append an event no projection can
 * apply (its time is NaN), so a time is taken only in a form that reads back.
 */
function IsReadableTime(read: (value: string) => number, message: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isReadableTime',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && Number.isFinite(read(value)),
      },
    });
}

/** An ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`): never a local time. */
export function IsInstant(): PropertyDecorator {
  return applyDecorators(
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be an ISO 8601 date-time' },
    ),
    Matches(/^\d{4}-\d{2}-\d{2}T/, { message: '$property must be a date-time, not only a date' }),
    Matches(OFFSET_AT_END, {
      message: '$property must carry its UTC offset, e.g. 2025-03-30T14:00:00-04:00',
    }),
    IsReadableTime(
      (value) => Date.parse(value),
      '$property must be written as hh:mm or hh:mm:ss(.sss), e.g. 2025-03-30T14:00:00-04:00',
    ),
  );
}

/** An ISO 8601 date (taken as UTC midnight) or a date-time with an offset. */
export function IsDateOrInstant(): PropertyDecorator {
  return applyDecorators(
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be an ISO 8601 date or date-time' },
    ),
    Matches(/^\d{4}-\d{2}-\d{2}(?:$|T.*(?:Z|[+-]\d{2}:?\d{2})$)/, {
      message: '$property must be a date (YYYY-MM-DD) or a date-time with its UTC offset',
    }),
    IsReadableTime(
      (value) => Date.parse(toInstant(value)),
      '$property must be a date or a date-time written as hh:mm or hh:mm:ss(.sss)',
    ),
  );
}

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an IANA time zone such as Europe/Moscow', ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && IANAZone.isValidZone(value),
      },
    });
}

/**
 * A date or date-time as given, normalised to an ISO instant in UTC. A bare date is
 * midnight in `zone` (UTC unless the request names a zone).
 */
export function toInstant(value: string, zone = 'UTC'): string {
  // A bare date in UTC, the common case (`from=2020-01-01` on every record list), without
  // luxon, whose parse cost as much as a page's SQL; a date that does not read back the
  // same (2021-02-29, which Date rolls over) is left to luxon, as is every other form.
  if (zone === 'UTC' && BARE_DATE.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    const instant = Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
    if (instant?.startsWith(value)) return instant;
  }
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? DateTime.fromISO(value, { zone })
    : DateTime.fromISO(value, { setZone: true });
  return time.toUTC().toISO() ?? value;
}

export function toMs(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Date.parse(value);
}
