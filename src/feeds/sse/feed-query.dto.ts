import { IsIn, IsOptional, registerDecorator, type ValidationArguments } from 'class-validator';
import { ACTOR_ID_PATTERN } from '../../common/actor-id';
import { isPositionToken } from '../../event-store/position';
import { RECORD_KINDS } from '../../records/domain/record';
import { DYAD_PATTERN, IsCommaList, NAME_PATTERN } from '../../replay/http/replay-query.dto';
import { SSE_EVENT_NAMINGS, type SseEventNaming } from '../../replay/http/sse';

/** `from=now`: only the events appended after the feed opens. */
export const FROM_NOW = 'now';

const RECORD_KIND = new RegExp(`^(?:${RECORD_KINDS.join('|')})$`);

function IsPositionOrNow(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPositionOrNow',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (value === FROM_NOW || isPositionToken(value)),
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} must be a position token, as an event's id gives it, or "now"`,
      },
    });
}

/**
 * `GET /feed`. List parameters take comma-separated values, any of which may match;
 * different parameters must all match (as `GET /replay` reads them).
 */
export class FeedQueryDto {
  @IsOptional()
  @IsCommaList(NAME_PATTERN, 'an event type such as StatementRecorded')
  type?: string;

  @IsOptional()
  @IsCommaList(RECORD_KIND, `a record kind (${RECORD_KINDS.join(', ')})`)
  kind?: string;

  @IsOptional()
  @IsCommaList(ACTOR_ID_PATTERN, 'an actor id such as donald-trump')
  actor?: string;

  @IsOptional()
  @IsCommaList(DYAD_PATTERN, 'a directed dyad source~target such as donald-trump~vladimir-putin')
  dyad?: string;

  /** Exclusive: the events after this position; `now`: only new events. `Last-Event-ID` wins. */
  @IsOptional() @IsPositionOrNow() from?: string;

  /** `unnamed` (the default): for `onmessage`; `named`: each event named by its CloudEvents type. */
  @IsOptional()
  @IsIn(SSE_EVENT_NAMINGS, { message: 'events must be unnamed or named' })
  events?: SseEventNaming;
}
