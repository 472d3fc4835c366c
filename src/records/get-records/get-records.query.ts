import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { BadInput, NotFound } from '../../common/domain-error';
import {
  decodeCursor,
  RecordReader,
  type RecordFilter,
  type RecordHistoryEntry,
  type RecordPage,
  type RecordView,
} from './record-reader';

export class ListRecordsQuery extends Query<RecordPage> {
  constructor(
    readonly filter: RecordFilter,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

export class GetRecordQuery extends Query<RecordView & { history: RecordHistoryEntry[] }> {
  constructor(
    readonly recordId: string,
    readonly asOfMs?: number,
  ) {
    super();
  }
}

export class ExportRecordsQuery extends Query<Iterable<RecordView>> {
  constructor(readonly filter: RecordFilter) {
    super();
  }
}

@QueryHandler(ListRecordsQuery)
export class ListRecordsHandler implements IQueryHandler<ListRecordsQuery, RecordPage> {
  constructor(@Inject(RecordReader) private readonly records: RecordReader) {}

  execute({ filter, limit, cursor }: ListRecordsQuery): Promise<RecordPage> {
    if (cursor !== undefined && decodeCursor(cursor) === undefined) {
      throw new BadInput('The cursor is not one this service gave out', 'cursor');
    }
    return Promise.resolve(this.records.list(filter, limit, cursor));
  }
}

@QueryHandler(GetRecordQuery)
export class GetRecordHandler implements IQueryHandler<GetRecordQuery> {
  constructor(@Inject(RecordReader) private readonly records: RecordReader) {}

  execute({
    recordId,
    asOfMs,
  }: GetRecordQuery): Promise<RecordView & { history: RecordHistoryEntry[] }> {
    const record = this.records.get(recordId, asOfMs);
    if (!record) {
      throw new NotFound(
        asOfMs === undefined
          ? `No record with id ${recordId}`
          : `No record with id ${recordId} was known at that time`,
      );
    }
    return Promise.resolve(record);
  }
}

@QueryHandler(ExportRecordsQuery)
export class ExportRecordsHandler implements IQueryHandler<
  ExportRecordsQuery,
  Iterable<RecordView>
> {
  constructor(@Inject(RecordReader) private readonly records: RecordReader) {}

  execute({ filter }: ExportRecordsQuery): Promise<Iterable<RecordView>> {
    return Promise.resolve(this.records.all(filter));
  }
}
