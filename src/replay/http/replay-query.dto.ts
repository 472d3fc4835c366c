import { Transform } from 'class-transformer';
import { IsIn, IsOptional, registerDecorator, type ValidationArguments } from 'class-validator';
import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import type { ReadDirection } from '../../event-store/event-store.port';
import { isPositionToken } from '../../event-store/position';
import { IsDateOrInstant } from '../../http/validators';
import { SSE_EVENT_NAMINGS, type SseEventNaming } from './sse';

export const MAX_STREAM_PAGE = 1000;
export const DEFAULT_STREAM_PAGE = 100;
export const READ_DIRECTIONS = ['forwards', 'backwards'] as const satisfies ReadDirection[];
export const REPLAY_FORMATS = ['ndjson', 'sse'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

const ACTOR_ID = ACTOR_ID_PATTERN.source.slice(1, -1);
/** Stream names and event types: anything but whitespace and the list separator. */
const NAME = /^[^\s,]+$/;
/** A category is what comes before a stream name's first `-`. */
const CATEGORY = /^[^\s,-]+$/;
const DYAD = new RegExp(`^${ACTOR_ID}~${ACTOR_ID}$`);
/** Shared with the feed's query, so that both read their filters alike. */
export { NAME as NAME_PATTERN, DYAD as DYAD_PATTERN };

/**
 * A query number: the string as a number (NaN when it is not one, so the validator
 * names it), and anything else (a repeated parameter's array) left to fail.
 */
function QueryNumber(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (value.trim() === '' ? Number.NaN : Number(value)) : value,
  );
}

/**
 * A comma-separated list of values, each matching `pattern`. A parameter given twice
 * is refused rather than silently half-read: lists are written with commas.
 */
export function IsCommaList(pattern: RegExp, what: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCommaList',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.split(',').every((item) => pattern.test(item)),
        defaultMessage: ({ property, value }: ValidationArguments) =>
          typeof value === 'string'
            ? `${property} must be ${what}, or several separated by commas`
            : `${property} must be given once; separate several values with commas`,
      },
    });
}

/** One check and one message for a number, so a bad value is reported once. */
function IsNumberThat(test: (value: number) => boolean, message: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNumberThat',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: { validate: (value: unknown) => typeof value === 'number' && test(value) },
    });
}

const isIntegerIn =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: number): boolean =>
    Number.isInteger(value) && value >= min && value <= max;

export function IsPosition(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPosition',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isPositionToken(value),
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} must be a position token, as an event's "position" gives it`,
      },
    });
}

/** `GET /streams/{stream}/events`. */
export class StreamEventsQueryDto {
  @IsOptional()
  @IsIn(READ_DIRECTIONS, { message: 'direction must be forwards or backwards' })
  direction?: ReadDirection;

  /** Inclusive; a page's `nextCursor` is the next page's `fromRevision`. */
  @IsOptional()
  @QueryNumber()
  @IsNumberThat(isIntegerIn(0), 'fromRevision must be a stream revision (an integer from 0)')
  fromRevision?: number;

  @IsOptional()
  @QueryNumber()
  @IsNumberThat(
    isIntegerIn(1, MAX_STREAM_PAGE),
    `limit must be an integer from 1 to ${MAX_STREAM_PAGE}`,
  )
  limit?: number;
}

/**
 * `GET /replay` and `parley replay`. List parameters take comma-separated values, any
 * of which may match; different parameters must all match.
 */
export class ReplayQueryDto {
  @IsOptional()
  @IsCommaList(NAME, 'a stream name such as dyad-donald-trump~vladimir-putin')
  stream?: string;

  @IsOptional()
  @IsCommaList(CATEGORY, 'a stream category such as dyad or actor')
  category?: string;

  @IsOptional()
  @IsCommaList(NAME, 'an event type such as StatementRecorded')
  type?: string;

  @IsOptional()
  @IsCommaList(ACTOR_ID_PATTERN, 'an actor id such as donald-trump')
  actor?: string;

  @IsOptional()
  @IsCommaList(DYAD, 'a directed dyad source~target such as donald-trump~vladimir-putin')
  dyad?: string;

  /** Exclusive: the events after this position. */
  @IsOptional() @IsPosition() from?: string;

  /** Inclusive: the events up to and including this position. */
  @IsOptional() @IsPosition() to?: string;

  /** Recorded time, inclusive; a bare date is UTC midnight. */
  @IsOptional() @IsDateOrInstant() recordedFrom?: string;

  /** Recorded time, exclusive. */
  @IsOptional() @IsDateOrInstant() recordedTo?: string;

  @IsOptional()
  @IsIn(REPLAY_FORMATS, { message: 'format must be ndjson or sse' })
  format?: ReplayFormat;

  /** Server-sent events: `unnamed` (the default), for `onmessage`; `named` by event type. */
  @IsOptional()
  @IsIn(SSE_EVENT_NAMINGS, { message: 'events must be unnamed or named' })
  events?: SseEventNaming;

  @IsOptional()
  @QueryNumber()
  @IsNumberThat(
    (value) => Number.isFinite(value) && value > 0,
    'speed must be a positive number: 60 plays an hour of recorded time per minute',
  )
  speed?: number;

  @IsOptional()
  @QueryNumber()
  @IsNumberThat(isIntegerIn(1), 'limit must be a positive integer')
  limit?: number;
}
