import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsDateOrInstant, IsTimeZone } from '../../http/validators';
import { AsOfQueryDto, MAX_PAGE, TONE_MODES, type ToneMode } from '../../records';
import { SHIFT_MEASURES, type ShiftMeasure } from '../get-shifts/shifts-reader';

/** A penalty: `bic`, or β itself as a number ≥ 0 (squared measure units). */
const PENALTY_PATTERN = /^(?:bic|\d+(?:\.\d+)?)$/;

export class ShiftsQueryDto extends AsOfQueryDto {
  /** Occurrence time, inclusive; a bare date is midnight in `tz`. */
  @IsOptional() @IsDateOrInstant() from?: string;
  /** Occurrence time, exclusive; `asOf` (or now) unless given. */
  @IsOptional() @IsDateOrInstant() to?: string;
  @IsOptional() @IsTimeZone() tz?: string;
  @IsOptional() @IsIn(TONE_MODES) mode?: ToneMode;
  @IsOptional() @IsIn(SHIFT_MEASURES) measure?: ShiftMeasure;
  @IsOptional()
  @IsString()
  @Matches(PENALTY_PATTERN, {
    message: '$property must be "bic" or a number ≥ 0 (β in squared measure units)',
  })
  penalty?: string;
  /** The fewest records a segment may hold. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) minSegment?: number;
}

export class CredibilityListQueryDto extends AsOfQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE) limit?: number;
  @IsOptional() @IsString() cursor?: string;
  /** Leave out actors with fewer settled (carried out, withdrawn or lapsed) threats. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) minSettled?: number;
}
