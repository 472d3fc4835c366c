import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ACTOR_ID_PATTERN } from '../../../common/actor-id';
import { RECORD_KINDS, type RecordKind } from '../../../records/domain/record';

const ACTOR_ID = ACTOR_ID_PATTERN.source.slice(1, -1);
const DYAD = new RegExp(`^${ACTOR_ID}~${ACTOR_ID}$`);
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;
/** `start`, `now`, or a position token as the API gives them. */
const STARTING_POINT = /^(?:start|now|[0-9a-f]{32})$/;
const MAX_VALUES = 100;

export class SubscriptionFilterDto {
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VALUES)
  @Matches(EVENT_TYPE, {
    each: true,
    message: 'each of types must be an event type name such as ThreatIssued',
  })
  types?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VALUES)
  @Matches(ACTOR_ID_PATTERN, {
    each: true,
    message: 'each of actors must be an actor id slug such as donald-trump',
  })
  actors?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VALUES)
  @Matches(DYAD, {
    each: true,
    message: 'each of dyads must be source~target, e.g. donald-trump~vladimir-putin',
  })
  dyads?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(RECORD_KINDS, {
    each: true,
    message: `each of kinds must be one of ${RECORD_KINDS.join(', ')}`,
  })
  kinds?: RecordKind[];
}

export class CreateSubscriptionDto {
  /** Where deliveries are POSTed; http or https. */
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      require_valid_protocol: true,
    },
    { message: 'url must be an absolute http or https URL' },
  )
  url!: string;

  // @IsObject: @ValidateNested alone takes an array (item by item) for an empty filter.
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SubscriptionFilterDto)
  filter?: SubscriptionFilterDto;

  /** `now` (the default): only events appended from here on; `start`: the whole log; a position: the events after it. */
  @IsOptional()
  @IsString()
  @Matches(STARTING_POINT, { message: 'from must be start, now or a position token' })
  from?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class ResetSubscriptionDto {
  /** `start` re-delivers the whole log; a position, the events after it; `now` skips to the end. */
  @IsString()
  @Matches(STARTING_POINT, { message: 'position must be start, now or a position token' })
  position!: string;
}
