import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '../../common/domain-error';
import type { RecordOrigin } from '../domain/record';
import { RecordReader } from '../get-records/record-reader';
import { ToneReader } from './tone-reader';

/** One report of an event: the record and where the dataset found it. */
export interface EventReport {
  readonly id: string;
  readonly occurredAt: string;
  /** When parley first recorded it. */
  readonly recordedAt: string;
  readonly origin?: Pick<RecordOrigin, 'dataset' | 'id' | 'url' | 'addedAt'>;
}

/** The reports the tone view's `count=events` counts as one event with a record. */
export interface EventReports {
  readonly recordId: string;
  readonly reports: EventReport[];
}

export class GetEventReportsQuery extends Query<EventReports> {
  constructor(
    readonly recordId: string,
    readonly asOfMs?: number,
  ) {
    super();
  }
}

@QueryHandler(GetEventReportsQuery)
export class GetEventReportsHandler implements IQueryHandler<GetEventReportsQuery, EventReports> {
  constructor(
    @Inject(ToneReader) private readonly tone: ToneReader,
    @Inject(RecordReader) private readonly records: RecordReader,
  ) {}

  execute({ recordId, asOfMs }: GetEventReportsQuery): Promise<EventReports> {
    const ids = this.tone.sameEventRecords(recordId, asOfMs);
    if (ids === undefined) {
      throw new NotFound(
        `No record with id ${recordId} counts in the tone view${asOfMs === undefined ? '' : ' at that time'}`,
      );
    }
    const reports = ids.flatMap((id): EventReport[] => {
      const record = this.records.get(id, asOfMs);
      if (!record) return [];
      const origin = record.origin;
      return [
        {
          id: record.id,
          occurredAt: record.occurredAt,
          recordedAt: record.recordedAt,
          ...(origin === undefined
            ? {}
            : {
                origin: {
                  dataset: origin.dataset,
                  id: origin.id,
                  ...(origin.url === undefined ? {} : { url: origin.url }),
                  ...(origin.addedAt === undefined ? {} : { addedAt: origin.addedAt }),
                },
              }),
        },
      ];
    });
    return Promise.resolve({ recordId, reports });
  }
}
