import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnknownActor } from '../../common/domain-error';
import type { WriteReceipt } from '../../common/write-receipt';
import { EventStore } from '../../event-store/event-store.port';
import type { CommandContext } from '../../common/command-context';
import { ProjectionRunner } from '../../projections/projection-runner';
import type { Affiliation } from '../domain/actor';
import { ActorDirectory } from '../get-actors/actor-directory';
import { writeActor } from '../write-actor';

export class AffiliateActorCommand extends Command<WriteReceipt> {
  constructor(
    readonly affiliation: Affiliation,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AffiliateActorCommand)
export class AffiliateActorHandler implements ICommandHandler<AffiliateActorCommand, WriteReceipt> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ActorDirectory) private readonly actors: ActorDirectory,
  ) {}

  execute({ affiliation, context }: AffiliateActorCommand): Promise<WriteReceipt> {
    if (!this.actors.exists(affiliation.parent))
      throw new UnknownActor(affiliation.parent, 'parent');
    const parentAncestors = this.actors.ancestors(affiliation.parent);
    return writeActor(
      this.store,
      this.runner,
      affiliation.actor,
      { type: 'AffiliateActor', affiliation, parentAncestors },
      context,
    );
  }
}
