import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFound } from '../../common/domain-error';
import { SuggestionStore } from '../suggestion.store';
import type { SuggestionView } from './suggest-article.query';

export type StoredSuggestionView = SuggestionView & { readonly recordId: string | null };

/** One suggestion, with its status and, once accepted, the record it became. */
export class GetSuggestionQuery extends Query<StoredSuggestionView> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetSuggestionQuery)
export class GetSuggestionHandler implements IQueryHandler<
  GetSuggestionQuery,
  StoredSuggestionView
> {
  constructor(@Inject(SuggestionStore) private readonly store: SuggestionStore) {}

  execute({ id }: GetSuggestionQuery): Promise<StoredSuggestionView> {
    const found = this.store.get(id);
    if (!found) return Promise.reject(new NotFound(`No suggestion has id "${id}"`));
    return Promise.resolve({
      id: found.id,
      status: found.status,
      ...found.candidate,
      recordId: found.recordId,
    });
  }
}
