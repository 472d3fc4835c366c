import { IsString, MaxLength, MinLength } from 'class-validator';

export class RetractRecordDto {
  @IsString() @MinLength(1) @MaxLength(5000) reason!: string;
}
