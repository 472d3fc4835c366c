import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { SummaryReader, type DyadSummary, type SummaryRequest } from './summary-reader';
import { ToneReader, type ToneRequest, type ToneView } from './tone-reader';

export class GetToneQuery extends Query<ToneView> {
  constructor(readonly request: ToneRequest) {
    super();
  }
}

export class GetSummaryQuery extends Query<DyadSummary> {
  constructor(readonly request: SummaryRequest) {
    super();
  }
}

@QueryHandler(GetToneQuery)
export class GetToneHandler implements IQueryHandler<GetToneQuery, ToneView> {
  constructor(@Inject(ToneReader) private readonly tone: ToneReader) {}

  execute({ request }: GetToneQuery): Promise<ToneView> {
    return this.tone.tone(request);
  }
}

@QueryHandler(GetSummaryQuery)
export class GetSummaryHandler implements IQueryHandler<GetSummaryQuery, DyadSummary> {
  constructor(@Inject(SummaryReader) private readonly summaries: SummaryReader) {}

  execute({ request }: GetSummaryQuery): Promise<DyadSummary> {
    return Promise.resolve(this.summaries.summary(request));
  }
}
