import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteReceipt } from '../../common/write-receipt';
import { EventStore } from '../../event-store/event-store.port';
import type { CommandContext } from '../../common/command-context';
import { ProjectionRunner } from '../../projections/projection-runner';
import type { ActorProfile } from '../domain/actor';
import { writeActor } from '../write-actor';

export class RegisterActorCommand extends Command<WriteReceipt> {
  constructor(
    readonly profile: ActorProfile,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterActorCommand)
export class RegisterActorHandler implements ICommandHandler<RegisterActorCommand, WriteReceipt> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {}

  execute({ profile, context }: RegisterActorCommand): Promise<WriteReceipt> {
    return writeActor(
      this.store,
      this.runner,
      profile.id,
      { type: 'RegisterActor', profile },
      context,
    );
  }
}
