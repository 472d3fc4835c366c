import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteReceipt } from '../../common/write-receipt';
import { EventStore } from '../../event-store/event-store.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import { RecordReader } from '../get-records/record-reader';
import { streamOfRecord, writeDyad, type DyadWriteOptions } from '../write-dyad';

export class RetractRecordCommand extends Command<WriteReceipt> {
  constructor(
    readonly recordId: string,
    readonly reason: string,
    readonly options: DyadWriteOptions,
  ) {
    super();
  }
}

@CommandHandler(RetractRecordCommand)
export class RetractRecordHandler implements ICommandHandler<RetractRecordCommand, WriteReceipt> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(RecordReader) private readonly records: RecordReader,
  ) {}

  execute({ recordId, reason, options }: RetractRecordCommand): Promise<WriteReceipt> {
    const stream = streamOfRecord(this.records, recordId);
    return writeDyad(
      this.store,
      this.runner,
      stream,
      recordId,
      { type: 'RetractRecord', recordId, reason },
      options,
    );
  }
}
