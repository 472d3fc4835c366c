import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ActorDirectory } from '../../actors';
import type { WriteReceipt } from '../../common/write-receipt';
import { EventStore } from '../../event-store/event-store.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import { dyadStream } from '../domain/dyad';
import type { RecordDraft } from '../domain/record';
import { RecordReader } from '../get-records/record-reader';
import { writeDyad, type DyadWriteOptions } from '../write-dyad';
import { refuseCreation } from './creation-rules';

export class CreateRecordCommand extends Command<WriteReceipt> {
  constructor(
    readonly record: RecordDraft,
    readonly options: DyadWriteOptions,
  ) {
    super();
  }
}

@CommandHandler(CreateRecordCommand)
export class CreateRecordHandler implements ICommandHandler<CreateRecordCommand, WriteReceipt> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ActorDirectory) private readonly actors: ActorDirectory,
    @Inject(RecordReader) private readonly records: RecordReader,
  ) {}

  execute({ record, options }: CreateRecordCommand): Promise<WriteReceipt> {
    refuseCreation(record, {
      actorExists: (id) => this.actors.exists(id),
      streamOf: (id) => this.records.streamOf(id),
    });
    const stream = dyadStream(record.source, record.target);
    return writeDyad(
      this.store,
      this.runner,
      stream,
      record.id,
      { type: 'CreateRecord', record },
      options,
    );
  }
}
