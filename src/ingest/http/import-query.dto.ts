import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DATASETS, type Dataset } from '../../records';

/** What `POST /records/import` takes: parley's own NDJSON, or a dataset's raw file. */
export const IMPORT_FORMATS = ['ndjson', ...DATASETS] as const;
export type ImportFormat = 'ndjson' | Dataset;

export class ImportQueryDto {
  /** `ndjson` (the default): one record per line, as `POST /records` takes it; otherwise the dataset whose raw file the body is, zipped or not. */
  @IsOptional() @IsIn(IMPORT_FORMATS) format?: ImportFormat;
  /** The file's name, for the report (default `body`). */
  @IsOptional() @IsString() @MaxLength(256) file?: string;
}
