import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '../../common/domain-error';
import type { ActorKind } from '../domain/actor';
import { ActorDirectory, type ActorView } from './actor-directory';

export interface ActorPage {
  readonly items: ActorView[];
  readonly nextCursor: string | null;
}

export class ListActorsQuery extends Query<ActorPage> {
  constructor(
    readonly limit: number,
    readonly kind?: ActorKind,
    readonly after?: string,
  ) {
    super();
  }
}

export class GetActorQuery extends Query<ActorView> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(ListActorsQuery)
export class ListActorsHandler implements IQueryHandler<ListActorsQuery, ActorPage> {
  constructor(@Inject(ActorDirectory) private readonly actors: ActorDirectory) {}

  execute({ limit, kind, after }: ListActorsQuery): Promise<ActorPage> {
    const rows = this.actors.list({
      limit: limit + 1,
      ...(kind ? { kind } : {}),
      ...(after ? { after } : {}),
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return Promise.resolve({ items, nextCursor: rows.length > limit && last ? last.id : null });
  }
}

@QueryHandler(GetActorQuery)
export class GetActorHandler implements IQueryHandler<GetActorQuery, ActorView> {
  constructor(@Inject(ActorDirectory) private readonly actors: ActorDirectory) {}

  execute({ id }: GetActorQuery): Promise<ActorView> {
    const actor = this.actors.get(id);
    if (!actor) throw new NotFound(`No actor is registered with id "${id}"`);
    return Promise.resolve(actor);
  }
}
