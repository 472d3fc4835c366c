import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { stringify } from 'csv-stringify';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { ExportRecordsQuery } from '../get-records/get-records.query';
import { CORRECTABLE_FIELDS, type RecordDraft } from '../domain/record';
import type { RecordView } from '../get-records/record-reader';
import { recordFilter } from './records.controller';
import { ExportQueryDto } from './records-query.dto';
import { RequireRole } from '../../auth/access.decorator';

const CSV_COLUMNS = [
  'id',
  'kind',
  'source',
  'target',
  'occurredAt',
  'precision',
  'quote',
  'citation.outlet',
  'citation.title',
  'citation.url',
  'citation.publishedAt',
  'topics',
  'code',
  'intensity',
  'intensitySource',
  'tone',
  'confidence',
  'status',
  'threat.instrument',
  'threat.magnitude',
  'threat.condition',
  'threat.deadline',
  'threatStatus',
  'denial.recordId',
  'denial.claim',
  'note',
  'recordedAt',
  'updatedAt',
  // Added with datasets, after the columns scripts already read by position.
  'toneSource',
  'origin.dataset',
  'origin.id',
  'origin.url',
  'origin.addedAt',
  'origin.mentions',
  'origin.sources',
  'origin.articles',
  'origin.root',
  'origin.quadClass',
  'origin.intensity',
  'origin.geo.name',
  'origin.geo.country',
  'origin.geo.lat',
  'origin.geo.lon',
] as const;

@RequireRole('analyst')
@Controller('export')
export class ExportController {
  constructor(private readonly queries: QueryBus) {}

  /**
   * NDJSON lines are records in the shape `POST /records` takes, so an export can be
   * imported elsewhere as it is; CSV flattens them for spreadsheets.
   */
  @Get()
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({
    description: 'NDJSON (the default) or CSV (`format=csv`)',
    schema: { type: 'string' },
  })
  async export(@Query() query: ExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const records = await this.queries.execute(new ExportRecordsQuery(recordFilter(query)));
    if (query.format === 'csv') {
      await reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="parley-records.csv"')
        .send(exportBody(records, 'csv'));
      return;
    }
    await reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .send(exportBody(records, 'ndjson'));
  }
}

/** The export in a format, as `GET /export` sends it and `parley export` writes it. */
export function exportBody(records: Iterable<RecordView>, format: 'ndjson' | 'csv'): Readable {
  if (format === 'ndjson') return Readable.from(ndjsonLines(records));
  return Readable.from(csvRows(records)).pipe(
    // A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
    // written with a leading apostrophe (OWASP "CSV injection"); numbers stay numbers.
    stringify({ header: true, columns: [...CSV_COLUMNS], escape_formulas: true }),
  );
}

function* ndjsonLines(records: Iterable<RecordView>): Generator<string> {
  for (const record of records) yield `${JSON.stringify(importable(record))}\n`;
}

function* csvRows(records: Iterable<RecordView>): Generator<Record<string, string | number>> {
  for (const record of records) {
    const flat: Record<string, string | number> = {};
    for (const column of CSV_COLUMNS) {
      const value = column
        .split('.')
        .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], record);
      if (value === undefined || value === null) continue;
      flat[column] = Array.isArray(value)
        ? value.join(';')
        : typeof value === 'boolean'
          ? String(value)
          : (value as string | number);
    }
    yield flat;
  }
}

/** `origin` too: a dataset's record exported and imported elsewhere keeps its row and weight. */
const IMPORTABLE_FIELDS = [
  'id',
  'kind',
  'source',
  'target',
  ...CORRECTABLE_FIELDS,
  'origin',
] as const;

/** The record as `POST /records` takes it. */
export function importable(record: RecordView): Partial<RecordDraft> {
  return Object.fromEntries(
    IMPORTABLE_FIELDS.filter((field) => record[field] !== undefined).map((field) => [
      field,
      record[field],
    ]),
  );
}
