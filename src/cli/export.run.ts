import 'reflect-metadata';
import { QueryBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fieldProblems } from '../http/problem';
import { STRICT_VALIDATION } from '../http/validation.pipe';
import { ExportQueryDto, ExportRecordsQuery, exportBody, recordFilter } from '../records';
import { openCaughtUpApp } from './caught-up-app';
import { invalidOptionsMessage, UsageError } from './usage';

/** `parley export`'s options, named as `GET /export`'s parameters are. */
export interface ExportCliOptions {
  readonly format: 'ndjson' | 'csv';
  readonly source?: string;
  readonly target?: string;
  readonly kind?: string;
  readonly topic?: string;
  readonly from?: string;
  readonly to?: string;
  readonly asOf?: string;
  readonly includeRetracted?: boolean;
  readonly order?: string;
  /** A file to write; absent: standard output. */
  readonly out?: string;
}

/**
 * Writes the records of the configured store as `GET /export` answers them: the options
 * validated as its query is, the same query, the same NDJSON or CSV. The read models
 * first catch up with the log (here, or in a server that holds them), so the export
 * holds every record the log does.
 */
export async function exportRecords(options: ExportCliOptions): Promise<void> {
  const query = parseOptions(options);
  const app = await openCaughtUpApp();
  try {
    const records = await app.get(QueryBus).execute(new ExportRecordsQuery(recordFilter(query)));
    const out = options.out === undefined ? process.stdout : createWriteStream(options.out);
    // Standard output stays open for whatever the shell runs next; a file is closed.
    await pipeline(exportBody(records, query.format ?? 'ndjson'), out, {
      end: options.out !== undefined,
    }).catch((error: NodeJS.ErrnoException) => {
      // `parley export | head`: the reader has what it wanted; that is no failure.
      if (error.code !== 'EPIPE') throw error;
    });
  } finally {
    await app.close();
  }
}

function parseOptions(options: ExportCliOptions): ExportQueryDto {
  const { out: _out, includeRetracted, ...filters } = options;
  const query = plainToInstance(ExportQueryDto, {
    ...filters,
    // As the query string carries it, so the DTO reads it as it reads `?includeRetracted=true`.
    ...(includeRetracted === undefined ? {} : { includeRetracted: String(includeRetracted) }),
  });
  // The HTTP pipe's options: what `GET /export` refuses, `parley export` refuses.
  const errors = validateSync(query, STRICT_VALIDATION);
  if (errors.length > 0)
    throw new UsageError(invalidOptionsMessage('export', fieldProblems(errors)));
  return query;
}
