import { Body, Controller, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireRole } from '../../auth/access.decorator';
import { isNdjson } from '../../http/ndjson';
import { ProblemException, problemType, validationProblem } from '../../http/problem';
import { commandContext } from '../../http/request-context';
import { ImportAbandoned, ImportReportDto, RecordImporter, type ImportReport } from '../../records';
import { ActorMapFile } from '../import-dataset/actor-map-file';
import { DatasetImporter, type DatasetFileReport } from '../import-dataset/dataset-importer';
import { ImportQueryDto } from './import-query.dto';
import { clientGone } from './client-gone';
import { DatasetFileReportDto } from './import-responses.dto';

/** The raw media types a dataset file may come as (GDELT's are zips of tab-separated text). */
export const DATASET_MEDIA_TYPES = [
  'application/zip',
  'application/x-zip-compressed',
  'text/tab-separated-values',
  'text/csv',
  'application/octet-stream',
];

@Controller('records')
@ApiExtraModels(ImportReportDto, DatasetFileReportDto)
export class ImportController {
  private readonly logger = new Logger('Import');

  constructor(
    private readonly records: RecordImporter,
    private readonly datasets: DatasetImporter,
    private readonly actorMap: ActorMapFile,
  ) {}

  /**
   * Records many records: parley's NDJSON (one record per line, each like a `POST /records`;
   * a report per line), or with `format=gdelt2|gdelt1|icews|polecat` a dataset's raw file
   * as its publisher ships it, zipped or not (a report of rows taken, skipped by reason and
   * refused).
   */
  @RequireRole('recorder')
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('application/x-ndjson', ...DATASET_MEDIA_TYPES)
  @ApiBody({
    schema: {
      type: 'string',
      description:
        'NDJSON, one record per line as `POST /records` takes it; or, with `format`, the dataset file (zipped or not)',
    },
  })
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ImportReportDto) },
        { $ref: getSchemaPath(DatasetFileReportDto) },
      ],
    },
  })
  async import(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportReport | DatasetFileReport> {
    const gone = clientGone(reply);
    try {
      return await this.importBody(body, query, request, gone.signal);
    } catch (error) {
      if (!(error instanceof ImportAbandoned)) throw error;
      // Not a fault of the service: said once, at info, and answered to no one.
      this.logger.log(`${error.message} (request ${request.id})`);
      throw new ProblemException({
        type: problemType('client-closed-request'),
        title: 'The client went away',
        status: 499,
        detail: error.message,
      });
    } finally {
      gone.release();
    }
  }

  private async importBody(
    body: unknown,
    query: ImportQueryDto,
    request: FastifyRequest,
    signal: AbortSignal,
  ): Promise<ImportReport | DatasetFileReport> {
    const format = query.format ?? 'ndjson';
    if (format === 'ndjson') {
      // The media type decides, not the parsed body: a JSON string is a string too.
      if (typeof body !== 'string' || !isNdjson(request.headers['content-type'])) {
        throw validationProblem([
          {
            field: 'body',
            message: 'send NDJSON (Content-Type: application/x-ndjson), one record per line',
          },
        ]);
      }
      return this.records.importNdjson(body, commandContext(request), signal);
    }
    const bytes = Buffer.isBuffer(body)
      ? body
      : typeof body === 'string'
        ? Buffer.from(body, 'utf8')
        : undefined;
    if (!bytes || bytes.length === 0) {
      throw validationProblem([
        {
          field: 'body',
          message: `send the ${format} file as the body (Content-Type: ${DATASET_MEDIA_TYPES.join(', ')})`,
        },
      ]);
    }
    return this.datasets.importFile(query.file ?? 'body', format, bytes, commandContext(request), {
      actorMap: this.actorMap.current(),
      signal,
    });
  }
}
