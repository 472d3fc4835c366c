import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireRole } from '../../auth/access.decorator';
import { ProblemException, problemType, validationProblem } from '../../http/problem';
import { commandContext } from '../../http/request-context';
import { WriteReceiptDto } from '../../http/write-receipt.dto';
import { answerWrite } from '../../http/write-reply';
import {
  AcceptedRecordInvalid,
  AcceptSuggestionCommand,
} from '../accept-suggestion/accept-suggestion.command';
import { RejectSuggestionCommand } from '../reject-suggestion/reject-suggestion.command';
import type { ArticleRefusal } from '../suggest-article/article-checks';
import { GetSuggestionQuery } from '../suggest-article/get-suggestion.query';
import {
  ArticleRefused,
  SuggestArticleQuery,
  type ArticleSuggestions,
} from '../suggest-article/suggest-article.query';
import { AcceptSuggestionDto, SuggestArticleDto } from './coding.dto';
import { ArticleSuggestionsDto, RejectionDto, StoredSuggestionDto } from './coding-responses.dto';

@Controller('coding/suggestions')
export class CodingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /**
   * Candidate records for an article: each quote with its offsets, speaker and target,
   * kind, CAMEO codes, tone and date. Nothing is recorded until a suggestion is accepted.
   */
  @RequireRole('recorder')
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: ArticleSuggestionsDto })
  async suggest(
    @Body() dto: SuggestArticleDto,
    @Req() request: FastifyRequest,
  ): Promise<ArticleSuggestions> {
    try {
      return await this.queries.execute(
        new SuggestArticleQuery(
          {
            text: dto.text,
            ...(dto.publishedAt === undefined ? {} : { publishedAt: dto.publishedAt }),
            ...(dto.outlet === undefined ? {} : { outlet: dto.outlet }),
            ...(dto.title === undefined ? {} : { title: dto.title }),
            ...(dto.url === undefined ? {} : { url: dto.url }),
          },
          request.principal?.id,
        ),
      );
    } catch (error) {
      if (error instanceof ArticleRefused) throw refusalProblem(error.refusal);
      throw error;
    }
  }

  /** One suggestion, with its status and, once accepted, the record it became. */
  @RequireRole('recorder')
  @Get(':id')
  @ApiOkResponse({ type: StoredSuggestionDto })
  get(@Param('id') id: string) {
    return this.queries.execute(new GetSuggestionQuery(id));
  }

  /**
   * Records the suggestion, with the recorder's edits, as an ordinary record whose events'
   * metadata say `assisted: { suggestionId, changed }`. A retry answers 200 with the same receipt.
   */
  @RequireRole('recorder')
  @Post(':id/accept')
  @ApiCreatedResponse({ type: WriteReceiptDto, description: 'Recorded' })
  @ApiOkResponse({ type: WriteReceiptDto, description: 'A retry: already recorded as it is' })
  async accept(
    @Param('id') id: string,
    @Body() dto: AcceptSuggestionDto | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    try {
      const receipt = await this.commands.execute(
        new AcceptSuggestionCommand(id, dto?.edits ?? {}, commandContext(request)),
      );
      return answerWrite(reply, receipt, `/records/${receipt.id}`);
    } catch (error) {
      if (error instanceof AcceptedRecordInvalid) {
        // The record's own rules name the field; the recorder sets it through `edits`.
        throw validationProblem(error.problems.map((p) => ({ ...p, field: p.field || 'edits' })));
      }
      throw error;
    }
  }

  /** Rejects the suggestion: coding the same article again will not offer it. */
  @RequireRole('recorder')
  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: RejectionDto })
  reject(@Param('id') id: string) {
    return this.commands.execute(new RejectSuggestionCommand(id));
  }
}

/** An article refused before coding, as problem+json naming `text`. */
function refusalProblem(refusal: ArticleRefusal): ProblemException {
  const errors = [{ field: 'text', message: refusal.message }];
  switch (refusal.reason) {
    case 'empty':
      return validationProblem(errors);
    case 'too-large':
      return new ProblemException({
        type: problemType('coding-article-too-large'),
        title: 'The article is too large',
        status: 413,
        detail: refusal.message,
        errors,
        limit: refusal.limit,
      });
    case 'binary':
      return new ProblemException({
        type: problemType('coding-article-unreadable'),
        title: 'The article is not text',
        status: 400,
        detail: refusal.message,
        errors,
      });
    case 'language':
      return new ProblemException({
        type: problemType('coding-language-unsupported'),
        title: 'The article is not in English',
        status: 422,
        detail: refusal.message,
        errors,
        language: refusal.language,
      });
  }
}
