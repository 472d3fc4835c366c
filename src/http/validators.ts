import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches, registerDecorator, type ValidationOptions } from 'class-validator';
import { DateTime, IANAZone } from 'luxon';
import { ACTOR_ID_PATTERN } from '../actors/domain/actor';

const OFFSET_AT_END = /(?:Z|[+-]\d{2}:?\d{2})$/;

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
  );
}

export function IsActorId(): PropertyDecorator {
  return Matches(ACTOR_ID_PATTERN, {
    message: '$property must be an actor id slug such as donald-trump',
  });
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
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? DateTime.fromISO(value, { zone })
    : DateTime.fromISO(value, { setZone: true });
  return time.toUTC().toISO() ?? value;
}

export function toMs(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Date.parse(value);
}
