import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteReceipt } from '../../common/write-receipt';
import { EventStore } from '../../event-store/event-store.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import type { RecordChanges } from '../domain/record';
import { RecordReader } from '../get-records/record-reader';
import { streamOfRecord, writeDyad, type DyadWriteOptions } from '../write-dyad';

export class CorrectRecordCommand extends Command<WriteReceipt> {
  constructor(
    readonly recordId: string,
    readonly changes: RecordChanges,
    readonly reason: string,
    readonly options: DyadWriteOptions,
  ) {
    super();
  }
}

@CommandHandler(CorrectRecordCommand)
export class CorrectRecordHandler implements ICommandHandler<CorrectRecordCommand, WriteReceipt> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(RecordReader) private readonly records: RecordReader,
  ) {}

  execute({ recordId, changes, reason, options }: CorrectRecordCommand): Promise<WriteReceipt> {
    const stream = streamOfRecord(this.records, recordId);
    return writeDyad(
      this.store,
      this.runner,
      stream,
      recordId,
      { type: 'CorrectRecord', recordId, changes, reason },
      options,
    );
  }
}
