import type { Command } from 'commander';
import type { CodeCliOptions } from './code.run';

/** `parley code ARTICLE.txt`: assisted coding in a terminal, as `POST /coding/suggestions` does it. */
export function registerCodeCommand(program: Command): void {
  program
    .command('code')
    .description(
      'suggest candidate records for an article (plain English text): each quote with its speaker and target, kind, CAMEO code, tone and date; nothing is recorded unless --accept-all',
    )
    .argument('<article>', 'the article as a plain-text file')
    .option(
      '--published-at <instant>',
      'when the article was published (ISO 8601): the reference for "on Sunday"',
    )
    .option('--title <title>', "the article's title, for the records' citation")
    .option('--outlet <outlet>', 'the outlet that published it, for the citation')
    .option('--url <url>', "the article's URL, for the citation")
    .option('--json', 'print the suggestions as JSON, as the HTTP answer is')
    .option(
      '--accept-all',
      'record every suggestion whose speaker, target and date are resolved (marked assisted) and print the receipts',
    )
    .action(async (article: string, options: CodeCliOptions) =>
      (await import('./code.run')).codeArticle(article, options),
    );
}
