import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../http/validators';
import { THREAT_OUTCOMES, type ThreatOutcome } from '../domain/record';

export class RecordOutcomeDto {
  @IsIn(THREAT_OUTCOMES) outcome!: ThreatOutcome;
  @IsInstant() occurredAt!: string;
  @IsOptional() @IsString() @MaxLength(5000) note?: string;
}
