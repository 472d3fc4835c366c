import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteReceipt } from '../../common/write-receipt';
import { EventStore } from '../../event-store/event-store.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import type { ThreatOutcomeData } from '../domain/dyad';
import { RecordReader } from '../get-records/record-reader';
import { streamOfRecord, writeDyad, type DyadWriteOptions } from '../write-dyad';

export class RecordOutcomeCommand extends Command<WriteReceipt> {
  constructor(
    readonly outcome: ThreatOutcomeData,
    readonly options: DyadWriteOptions,
  ) {
    super();
  }
}

@CommandHandler(RecordOutcomeCommand)
export class RecordOutcomeHandler implements ICommandHandler<RecordOutcomeCommand, WriteReceipt> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(RecordReader) private readonly records: RecordReader,
  ) {}

  execute({ outcome, options }: RecordOutcomeCommand): Promise<WriteReceipt> {
    const stream = streamOfRecord(this.records, outcome.recordId);
    return writeDyad(
      this.store,
      this.runner,
      stream,
      outcome.recordId,
      { type: 'RecordThreatOutcome', outcome },
      options,
    );
  }
}
