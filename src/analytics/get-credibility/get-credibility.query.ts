import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  CredibilityReader,
  type ActorCredibility,
  type CredibilityListRequest,
  type CredibilityPage,
} from './credibility-reader';

export class GetActorCredibilityQuery extends Query<ActorCredibility> {
  constructor(
    readonly actor: string,
    readonly asOf?: { asOf: string; asOfMs: number },
  ) {
    super();
  }
}

export class ListCredibilityQuery extends Query<CredibilityPage> {
  constructor(readonly request: CredibilityListRequest) {
    super();
  }
}

@QueryHandler(GetActorCredibilityQuery)
export class GetActorCredibilityHandler implements IQueryHandler<
  GetActorCredibilityQuery,
  ActorCredibility
> {
  constructor(@Inject(CredibilityReader) private readonly credibility: CredibilityReader) {}

  execute({ actor, asOf }: GetActorCredibilityQuery): Promise<ActorCredibility> {
    return Promise.resolve(this.credibility.forActor(actor, asOf));
  }
}

@QueryHandler(ListCredibilityQuery)
export class ListCredibilityHandler implements IQueryHandler<
  ListCredibilityQuery,
  CredibilityPage
> {
  constructor(@Inject(CredibilityReader) private readonly credibility: CredibilityReader) {}

  execute({ request }: ListCredibilityQuery): Promise<CredibilityPage> {
    return Promise.resolve(this.credibility.ranking(request));
  }
}
