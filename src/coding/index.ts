/**
 * The coding capability's public face: candidate records suggested from an article,
 * accepted as records or rejected, for the HTTP routes, the CLI and the bench.
 */
export { CodingModule } from './coding.module';
export type { ArticleInput, CandidateRecord, KnownActor, SuggestedKind } from './domain/suggestion';
export { suggestArticle } from './suggest/suggest-article';
export {
  SuggestArticleQuery,
  ArticleRefused,
  type ArticleSuggestions,
  type SuggestionView,
} from './suggest-article/suggest-article.query';
export { GetSuggestionQuery } from './suggest-article/get-suggestion.query';
export {
  checkArticle,
  MAX_ARTICLE_CHARS,
  type ArticleRefusal,
} from './suggest-article/article-checks';
export { knownActors } from './suggest-article/known-actors';
export {
  AcceptSuggestionCommand,
  AcceptedRecordInvalid,
  acceptedRecordId,
} from './accept-suggestion/accept-suggestion.command';
export { RejectSuggestionCommand } from './reject-suggestion/reject-suggestion.command';
export { SuggestionStore } from './suggestion.store';
