import { Module } from '@nestjs/common';
import { ActorsModule } from '../actors';
import { DATABASE, type SqliteDatabase } from '../database/open-database';
import { RecordsModule } from '../records';
import { AcceptSuggestionHandler } from './accept-suggestion/accept-suggestion.command';
import { CodingController } from './http/coding.controller';
import { RejectSuggestionHandler } from './reject-suggestion/reject-suggestion.command';
import { GetSuggestionHandler } from './suggest-article/get-suggestion.query';
import { SuggestArticleHandler } from './suggest-article/suggest-article.query';
import { SuggestionStore } from './suggestion.store';

/**
 * Assisted coding: candidate records suggested from an article's text, offline; a
 * recorder accepts (as an ordinary record, marked assisted) or rejects each.
 */
@Module({
  imports: [ActorsModule, RecordsModule],
  controllers: [CodingController],
  providers: [
    {
      provide: SuggestionStore,
      inject: [DATABASE],
      useFactory: (db: SqliteDatabase) => {
        const store = new SuggestionStore(db);
        store.prepare();
        return store;
      },
    },
    SuggestArticleHandler,
    GetSuggestionHandler,
    AcceptSuggestionHandler,
    RejectSuggestionHandler,
  ],
  exports: [SuggestionStore],
})
export class CodingModule {}
