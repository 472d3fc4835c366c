import 'reflect-metadata';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  AcceptSuggestionCommand,
  AcceptedRecordInvalid,
  ArticleRefused,
  SuggestArticleQuery,
  type ArticleSuggestions,
  type SuggestionView,
} from '../coding';
import { SuggestArticleDto } from '../coding/http/coding.dto';
import { DomainError } from '../common/domain-error';
import type { WriteReceipt } from '../common/write-receipt';
import { fieldProblems } from '../http/problem';
import { STRICT_VALIDATION } from '../http/validation.pipe';
import { openCaughtUpApp } from './caught-up-app';
import { cliPrincipal } from './cli-principal';
import { invalidOptionsMessage, UsageError } from './usage';

export interface CodeCliOptions {
  readonly publishedAt?: string;
  readonly title?: string;
  readonly outlet?: string;
  readonly url?: string;
  readonly json?: boolean;
  readonly acceptAll?: boolean;
}

/**
 * Codes an article from a file: the same checks, suggester and store as
 * `POST /coding/suggestions`, then (with --accept-all) the same accept as
 * `POST /coding/suggestions/{id}/accept` for each suggestion that can be recorded as it is.
 */
export async function codeArticle(file: string, options: CodeCliOptions): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `parley code: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const article = parseArticle(text, options);
  // The actor directory is a read model: caught up, it knows every registered actor.
  const app = await openCaughtUpApp();
  try {
    const principal = cliPrincipal();
    let answer: ArticleSuggestions;
    try {
      answer = await app.get(QueryBus).execute(new SuggestArticleQuery(article, principal));
    } catch (error) {
      // The article itself is refused (empty, binary, not English): the command line's to fix.
      if (error instanceof ArticleRefused)
        throw new UsageError(`parley code: ${file}: ${error.message}`);
      throw error;
    }
    if (!options.acceptAll) {
      process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : table(answer));
      return;
    }
    const commands = app.get(CommandBus);
    const results: { id: string; receipt?: WriteReceipt; skipped?: string }[] = [];
    for (const suggestion of answer.suggestions) {
      const unsettled = unsettledOf(suggestion);
      if (unsettled) {
        results.push({ id: suggestion.id, skipped: unsettled });
        continue;
      }
      try {
        const receipt = await commands.execute(
          new AcceptSuggestionCommand(
            suggestion.id,
            {},
            { correlationId: randomUUID(), principal },
          ),
        );
        results.push({ id: suggestion.id, receipt });
      } catch (error) {
        // A suggestion the records' rules refuse is reported and skipped; the others still go in.
        if (!(error instanceof DomainError || error instanceof AcceptedRecordInvalid)) throw error;
        results.push({ id: suggestion.id, skipped: error.message });
      }
    }
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ ...answer, accepted: results }, null, 2)}\n`
        : receipts(answer, results),
    );
  } finally {
    await app.close();
  }
}

function parseArticle(text: string, options: CodeCliOptions): SuggestArticleDto {
  const dto = plainToInstance(SuggestArticleDto, {
    text,
    ...(options.publishedAt === undefined ? {} : { publishedAt: options.publishedAt }),
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.outlet === undefined ? {} : { outlet: options.outlet }),
    ...(options.url === undefined ? {} : { url: options.url }),
  });
  // The HTTP body's rules: what the route refuses, the command refuses.
  const errors = validateSync(dto, STRICT_VALIDATION);
  if (errors.length > 0) throw new UsageError(invalidOptionsMessage('code', fieldProblems(errors)));
  return dto;
}

/** Why a suggestion cannot be recorded without a recorder's edits, or undefined. */
function unsettledOf(s: SuggestionView): string | undefined {
  if (!s.speaker.resolved) return `speaker unresolved (${s.speaker.span?.text ?? 'not named'})`;
  if (!s.target.resolved) return `target unresolved (${s.target.span?.text ?? 'not named'})`;
  if (!s.date) return 'no date found';
  return undefined;
}

const who = (s: SuggestionView['speaker']): string =>
  s.resolved?.actorId ?? `? ${s.span?.text ?? ''}`.trim();

function clip(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** A readable table: one suggestion a line. */
function table(answer: ArticleSuggestions): string {
  const lines = [
    `${answer.suggestions.length} suggestion(s) for ${answer.article.words} words` +
      (answer.hiddenAsRejected > 0
        ? ` (${answer.hiddenAsRejected} hidden as rejected before)`
        : ''),
  ];
  for (const s of answer.suggestions) {
    const cameo = s.cameo[0] ? `${s.cameo[0].code} ${s.cameo[0].label}` : '-';
    lines.push(
      '',
      `${s.id}  [${s.quote.start}-${s.quote.end}]${s.quote.reported ? ' (reported)' : ''}`,
      `  "${clip(s.quote.text, 100)}"`,
      `  ${who(s.speaker)} → ${who(s.target)}  ${s.kind}  CAMEO ${clip(cameo, 40)}  tone ${s.tone.value}  ${s.date ? `${s.date.occurredAt} (${s.date.precision})` : 'no date'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function receipts(
  answer: ArticleSuggestions,
  results: readonly { id: string; receipt?: WriteReceipt; skipped?: string }[],
): string {
  const recorded = results.filter((r) => r.receipt);
  const lines = [`recorded ${recorded.length} of ${answer.suggestions.length} suggestion(s)`];
  for (const r of results) {
    lines.push(
      r.receipt
        ? `  recorded  ${r.receipt.id}  ${r.receipt.stream}@${r.receipt.revision}  (suggestion ${r.id})`
        : `  skipped   suggestion ${r.id}: ${r.skipped ?? ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
