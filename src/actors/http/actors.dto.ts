import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsDateOrInstant } from '../../http/validators';
import { ACTOR_KINDS, type ActorKind } from '../domain/actor';
import { IsActorId } from './actor-id.validators';

export class RegisterActorDto {
  @IsActorId() @MaxLength(100) id!: string;
  @IsString() @MinLength(1) @MaxLength(300) name!: string;
  @IsIn(ACTOR_KINDS) kind!: ActorKind;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  aliases?: string[];
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 3166-1 alpha-3 code such as RUS' })
  country?: string;
}

export class AffiliationDto {
  @IsActorId() parent!: string;
  /** Inclusive; a date is taken as UTC midnight. */
  @IsDateOrInstant() from!: string;
  /** Exclusive. */
  @IsOptional() @IsDateOrInstant() to?: string;
  @IsOptional() @IsString() @MaxLength(300) role?: string;
}

export class ListActorsQueryDto {
  @IsOptional() @IsIn(ACTOR_KINDS) kind?: ActorKind;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsActorId() cursor?: string;
}
