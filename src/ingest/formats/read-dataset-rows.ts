import { pipeline, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Dataset } from '../../records';
import type { DatasetRow } from '../domain/dataset-row';
import { openDatasetText } from './dataset-file';

/**
 * Rows per batch unless told: a GDELT day (~200,000 rows) is never held whole, and a
 * batch's records make one bulk chunk of the record importer (its CHUNK_LINES).
 */
export const DEFAULT_BATCH_SIZE = 10_000;

/** Whether the format's files start with a header (ICEWS, POLECAT) or not (GDELT). */
const HAS_HEADER: Record<Dataset, boolean> = {
  gdelt2: false,
  gdelt1: false,
  icews: true,
  polecat: true,
};

/**
 * The rows of a dataset file, zipped or not, in batches of at most `batchSize`, each row
 * with its 1-based line. Streaming: only the current batch is held, and the file is
 * read no faster than the batches are taken.
 *
 * All four formats are tab-separated and unquoted (GDELT's codebook: "tab-delimited";
 * a `"` in a GDELT name or URL is text), so csv-parse runs with `quote` off. Rows keep
 * whatever number of fields they have (`relax_column_count`): the mapping refuses a row
 * of the wrong width, and the rest of the file still imports. For ICEWS and POLECAT the
 * first row is the header; every row carries that one array.
 */
export async function* readDatasetRows(
  format: Dataset,
  input: Buffer | Readable,
  options: { readonly batchSize?: number } = {},
): AsyncGenerator<DatasetRow[]> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const text = await openDatasetText(input);
  // pipeline, not pipe: an error inflating the file ends the parse with that error.
  const parser = pipeline(
    text,
    parse({
      delimiter: '\t',
      quote: false,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
    }),
    () => undefined,
  );
  let header: readonly string[] | undefined;
  let batch: DatasetRow[] = [];
  for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
    if (HAS_HEADER[format] && header === undefined) {
      header = parsed.record.map((name) => name.trim());
      continue;
    }
    batch.push({
      line: parsed.info.lines,
      fields: parsed.record,
      ...(header === undefined ? {} : { header }),
    });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** csv-parse's output with `info: true`: the fields, and where they were read. */
interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}
