import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { validationProblem } from '../../http/problem';
import { commandContext, expectedRevisionFrom } from '../../http/request-context';
import { toInstant, toMs } from '../../http/validators';
import { answerWrite } from '../../http/write-reply';
import { CorrectRecordCommand } from '../correct-record/correct-record.command';
import { CorrectRecordDto } from '../correct-record/correct-record.dto';
import { CreateRecordCommand } from '../create-record/create-record.command';
import { CreateRecordDto, toRecordDraft, withoutNulls } from '../create-record/create-record.dto';
import type { RecordChanges } from '../domain/record';
import { GetRecordQuery, ListRecordsQuery } from '../get-records/get-records.query';
import type { RecordFilter, RecordPage } from '../get-records/record-reader';
import { RecordOutcomeCommand } from '../record-outcome/record-outcome.command';
import { RecordOutcomeDto } from '../record-outcome/record-outcome.dto';
import { RetractRecordCommand } from '../retract-record/retract-record.command';
import { RetractRecordDto } from '../retract-record/retract-record.dto';
import { AsOfQueryDto, ListRecordsQueryDto, type RecordFilterQueryDto } from './records-query.dto';
import { RequireRole } from '../../auth/access.decorator';
import { WriteReceiptDto } from '../../http/write-receipt.dto';
import { RecordPageDto, RecordViewDto } from './records-responses.dto';
import { EventReportsDto } from './tone-responses.dto';
import { GetEventReportsQuery, type EventReports } from '../get-tone/event-reports.query';

/** `If-Match` on every write to a record's dyad stream. */
const IfMatch = ApiHeader({
  name: 'If-Match',
  required: false,
  description:
    'A revision as a write answered it (`"7"`): write only if the stream is still there, else 409',
});
const Written = ApiCreatedResponse({ type: WriteReceiptDto, description: 'Written' });

@Controller('records')
export class RecordsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Records one record; a retry with the same `id` and body answers 200 with the same receipt. */
  @RequireRole('recorder')
  @Post()
  @IfMatch
  @Written
  @ApiOkResponse({ type: WriteReceiptDto, description: 'A retry: already recorded as it is' })
  async create(
    @Body() dto: CreateRecordDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const id = dto.id ?? randomUUID();
    const receipt = await this.commands.execute(
      new CreateRecordCommand(toRecordDraft(dto, id), this.writeOptions(request)),
    );
    return answerWrite(reply, receipt, `/records/${id}`);
  }

  /** Records by occurrence time, filtered, now or as of a recorded instant; a page at a time. */
  @RequireRole('analyst')
  @Get()
  @ApiOkResponse({ type: RecordPageDto })
  list(@Query() query: ListRecordsQueryDto): Promise<RecordPage> {
    return this.queries.execute(
      new ListRecordsQuery(recordFilter(query), query.limit ?? 50, query.cursor),
    );
  }

  /** One record now (or `asOf`), with its history of corrections. */
  @RequireRole('analyst')
  @Get(':id')
  @ApiOkResponse({ type: RecordViewDto })
  get(@Param('id') id: string, @Query() query: AsOfQueryDto) {
    return this.queries.execute(new GetRecordQuery(id, toMs(query.asOf)));
  }

  /**
   * The reports grouped with this record into one event (itself included), each with its
   * dataset row's source URL: the evidence behind a tone view's `count=events`.
   */
  @RequireRole('analyst')
  @Get(':id/reports')
  @ApiOkResponse({ type: EventReportsDto })
  reports(@Param('id') id: string, @Query() query: AsOfQueryDto): Promise<EventReports> {
    return this.queries.execute(new GetEventReportsQuery(id, toMs(query.asOf)));
  }

  /** Corrects a record: a new version of the fields named, with a reason. */
  @RequireRole('recorder')
  @Post(':id/corrections')
  @IfMatch
  @Written
  async correct(
    @Param('id') id: string,
    @Body() dto: CorrectRecordDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const changes = dto.changes as RecordChanges;
    if (Object.values(changes).every((value) => value === undefined)) {
      throw validationProblem([
        { field: 'changes', message: 'changes must name at least one field' },
      ]);
    }
    const receipt = await this.commands.execute(
      new CorrectRecordCommand(id, stripUndefined(changes), dto.reason, this.writeOptions(request)),
    );
    return answerWrite(reply, receipt, `/records/${id}`);
  }

  /** Retracts a record: it drops out of every view from now on (not as of before). */
  @RequireRole('recorder')
  @Post(':id/retraction')
  @IfMatch
  @Written
  async retract(
    @Param('id') id: string,
    @Body() dto: RetractRecordDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const receipt = await this.commands.execute(
      new RetractRecordCommand(id, dto.reason, this.writeOptions(request)),
    );
    return answerWrite(reply, receipt, `/records/${id}`);
  }

  /** Records what came of a threat: carried out, withdrawn or lapsed. */
  @RequireRole('recorder')
  @Post(':id/outcome')
  @IfMatch
  @Written
  async outcome(
    @Param('id') id: string,
    @Body() dto: RecordOutcomeDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const receipt = await this.commands.execute(
      new RecordOutcomeCommand(
        withoutNulls({
          recordId: id,
          outcome: dto.outcome,
          occurredAt: dto.occurredAt,
          note: dto.note,
        }),
        this.writeOptions(request),
      ),
    );
    return answerWrite(reply, receipt, `/records/${id}`);
  }

  private writeOptions(request: FastifyRequest) {
    const expectedRevision = expectedRevisionFrom(request);
    return {
      context: commandContext(request),
      ...(expectedRevision === undefined ? {} : { expectedRevision }),
    };
  }
}

export function recordFilter(query: RecordFilterQueryDto): RecordFilter {
  return withoutNulls({
    source: query.source,
    target: query.target,
    kind: query.kind,
    topic: query.topic,
    fromMs: query.from === undefined ? undefined : Date.parse(toInstant(query.from)),
    toMs: query.to === undefined ? undefined : Date.parse(toInstant(query.to)),
    asOfMs: toMs(query.asOf),
    includeRetracted: query.includeRetracted,
    order: query.order,
  });
}

/** class-transformer leaves absent fields as own `undefined` properties; a change list names only what was sent. */
function stripUndefined(changes: RecordChanges): RecordChanges {
  return JSON.parse(JSON.stringify(changes)) as RecordChanges;
}
