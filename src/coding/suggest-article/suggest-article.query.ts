import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { ActorDirectory } from '../../actors';
import type { ArticleInput, CandidateRecord } from '../domain/suggestion';
import { suggestArticle } from '../suggest/suggest-article';
import { SuggestionStore, type SuggestionStatus } from '../suggestion.store';
import {
  checkArticle,
  MAX_ARTICLE_CHARS,
  type ArticleFacts,
  type ArticleRefusal,
} from './article-checks';
import { knownActors } from './known-actors';

/** One suggestion as answered: the candidate record with its id and status. */
export type SuggestionView = CandidateRecord & {
  readonly id: string;
  readonly status: SuggestionStatus;
};

export interface ArticleSuggestions {
  readonly article: ArticleFacts;
  readonly suggestions: readonly SuggestionView[];
  /** Candidates not offered because a recorder rejected them on an earlier run of this article. */
  readonly hiddenAsRejected: number;
}

/** The article could not be coded: empty, too large, binary or not English. */
export class ArticleRefused extends Error {
  override readonly name = 'ArticleRefused';
  constructor(readonly refusal: ArticleRefusal) {
    super(refusal.message);
  }
}

/**
 * Suggests candidate records for an article. It keeps the suggestions (so they can be
 * accepted or rejected by id) but appends nothing to the event log: nothing is recorded
 * until a recorder accepts.
 */
export class SuggestArticleQuery extends Query<ArticleSuggestions> {
  constructor(
    readonly article: ArticleInput,
    readonly principal?: string,
  ) {
    super();
  }
}

@QueryHandler(SuggestArticleQuery)
export class SuggestArticleHandler implements IQueryHandler<
  SuggestArticleQuery,
  ArticleSuggestions
> {
  constructor(
    @Inject(ActorDirectory) private readonly actors: ActorDirectory,
    @Inject(SuggestionStore) private readonly store: SuggestionStore,
  ) {}

  execute({ article, principal }: SuggestArticleQuery): Promise<ArticleSuggestions> {
    const checked = checkArticle(article.text, MAX_ARTICLE_CHARS);
    if (!checked.ok) return Promise.reject(new ArticleRefused(checked.refusal));
    const candidates = suggestArticle(article, knownActors(this.actors));
    const rejected = this.store.rejectedKeys(candidates.map((c) => c.key));
    const offered = candidates.filter((c) => !rejected.has(c.key));
    const createdAt = new Date().toISOString();
    const stored = offered.map((candidate) => ({
      id: randomUUID(),
      status: 'open' as const,
      articleHash: checked.facts.hash,
      createdAt,
      principal: principal ?? null,
      candidate,
      article: citationOf(article),
      recordId: null,
    }));
    this.store.saveAll(stored);
    return Promise.resolve({
      article: checked.facts,
      suggestions: stored.map((s) => ({ id: s.id, status: s.status, ...s.candidate })),
      hiddenAsRejected: candidates.length - offered.length,
    });
  }
}

function citationOf(article: ArticleInput) {
  return {
    ...(article.outlet === undefined ? {} : { outlet: article.outlet }),
    ...(article.title === undefined ? {} : { title: article.title }),
    ...(article.url === undefined ? {} : { url: article.url }),
    ...(article.publishedAt === undefined ? {} : { publishedAt: article.publishedAt }),
  };
}
