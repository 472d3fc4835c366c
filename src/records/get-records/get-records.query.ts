import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { BadInput, NotFound } from '../../common/domain-error';
import type { DyadSelector } from '../dyad-scope';
import { ToneReader } from '../get-tone/tone-reader';
import {
  decodeCursor,
  RecordReader,
  type RecordDetail,
  type RecordFilter,
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

export class GetRecordQuery extends Query<RecordDetail> {
  constructor(
    readonly recordId: string,
    readonly asOfMs?: number,
  ) {
    super();
  }
}

/** What a dyad view's records are filtered by, beyond the view itself. */
export type DyadRecordsFilter = Pick<RecordFilter, 'fromMs' | 'toMs' | 'includeRetracted'>;

/** The records behind a view of a dyad: the ones its tone view counts, in occurrence order. */
export class ListDyadRecordsQuery extends Query<RecordPage> {
  constructor(
    readonly selector: DyadSelector,
    readonly filter: DyadRecordsFilter,
    readonly limit: number,
    readonly cursor?: string,
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

@QueryHandler(ListDyadRecordsQuery)
export class ListDyadRecordsHandler implements IQueryHandler<ListDyadRecordsQuery, RecordPage> {
  constructor(
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(ToneReader) private readonly tone: ToneReader,
  ) {}

  execute({ selector, filter, limit, cursor }: ListDyadRecordsQuery): Promise<RecordPage> {
    if (cursor !== undefined && decodeCursor(cursor) === undefined) {
      throw new BadInput('The cursor is not one this service gave out', 'cursor');
    }
    // The tone view's own scope, so that the list holds exactly what its counts count.
    const scope = this.tone.scope(selector);
    return Promise.resolve(
      this.records.list({ ...filter, scope, asOfMs: selector.asOfMs }, limit, cursor),
    );
  }
}

@QueryHandler(GetRecordQuery)
export class GetRecordHandler implements IQueryHandler<GetRecordQuery> {
  constructor(@Inject(RecordReader) private readonly records: RecordReader) {}

  execute({ recordId, asOfMs }: GetRecordQuery): Promise<RecordDetail> {
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
