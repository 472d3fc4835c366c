import { ApiProperty } from '@nestjs/swagger';
import { DATASETS, type Dataset } from '../../records';
import { SKIP_REASONS, type SkipReason } from '../domain/dataset-row';
import type { DatasetFileReport, RowRefusal } from '../import-dataset/dataset-importer';

export class RowRefusalDto implements RowRefusal {
  readonly line!: number;
  /** The codebook's column (`SQLDATE`, `Event Date`), a record field, or `row`. */
  readonly field!: string;
  readonly message!: string;
}

export class DatasetFileReportDto implements DatasetFileReport {
  readonly file!: string;
  @ApiProperty({ enum: DATASETS })
  readonly format!: Dataset;
  readonly rows!: number;
  readonly taken!: number;
  readonly unchanged!: number;
  readonly skipped!: number;
  @ApiProperty({
    type: 'object',
    description: 'Skipped rows by reason',
    properties: Object.fromEntries(SKIP_REASONS.map((reason) => [reason, { type: 'integer' }])),
    additionalProperties: false,
  })
  readonly skippedBy!: Partial<Record<SkipReason, number>>;
  readonly refused!: number;
  /** The first 1,000 refused rows. */
  readonly refusals!: RowRefusalDto[];
  readonly actorsRegistered!: number;
}
