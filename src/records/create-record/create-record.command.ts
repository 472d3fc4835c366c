import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ActorDirectory } from '../../actors';
import { Refused, UnknownActor } from '../../common/domain-error';
import type { WriteReceipt } from '../../common/write-receipt';
import { EventStore } from '../../event-store/event-store.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import { dyadStream } from '../domain/dyad';
import type { RecordDraft } from '../domain/record';
import { RecordReader } from '../get-records/record-reader';
import { writeDyad, type DyadWriteOptions } from '../write-dyad';

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
    if (!this.actors.exists(record.source)) throw new UnknownActor(record.source, 'source');
    if (!this.actors.exists(record.target)) throw new UnknownActor(record.target, 'target');
    const stream = dyadStream(record.source, record.target);
    const existingStream = this.records.streamOf(record.id);
    if (existingStream !== undefined && existingStream !== stream) {
      throw new Refused(
        'record-id-reused',
        `Record ${record.id} already exists in ${existingStream}; a retry must send the same body`,
        'id',
      );
    }
    const denied = record.denial?.recordId;
    if (
      denied !== undefined &&
      this.records.streamOf(denied) === undefined &&
      denied !== record.id
    ) {
      throw new Refused(
        'unknown-record',
        `The denied record ${denied} does not exist`,
        'denial.recordId',
      );
    }
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
