import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/paths';
import { registerCodeCommand } from './code.cli';
import { registerExportCommand } from './export.cli';
import { registerImportCommands } from './import.cli';
import { registerIngestCommands } from './ingest.cli';
import { registerKeyCommands } from './keys.cli';
import { registerProjectionCommands } from './projections.cli';
import type { ReplayCliOptions } from './replay.cli';
import { registerSubscriptionCommands } from './subscriptions.cli';
import { EXIT_FAILURE, EXIT_USAGE, exitTwoOnUsageErrors, givenOnce, UsageError } from './usage';

/*
 * Only Commander and the commands' definitions load here: each action loads what it
 * needs (Nest, SQLite, gRPC clients) when it runs, so that `--help` and `--version`
 * answer without starting any of it. test/e2e/cli-surface.e2e.spec.ts holds it to that.
 */

const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

const program = exitTwoOnUsageErrors(
  new Command('parley')
    .description(
      'Event-sourced diplomatic timeline: record what actors say, project tone over time, replay history.',
    )
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError(),
);

program
  .command('serve')
  .description('start the HTTP service (configured by the environment: PORT, HOST, PARLEY_DB, ...)')
  .action(async () => (await import('./serve')).serve());

program
  .command('replay')
  .description(
    'write the log, filtered, to standard output as NDJSON (one event per line, as GET /replay gives it); list options take comma-separated values',
  )
  .option('--stream <names>', 'exact stream names', givenOnce)
  .option(
    '--category <categories>',
    'stream categories, the part before the first - (dyad, actor)',
    givenOnce,
  )
  .option('--type <types>', 'event types, e.g. StatementRecorded,RecordCorrected', givenOnce)
  .option(
    '--actor <ids>',
    "an actor's own stream and every dyad it is the source or target of",
    givenOnce,
  )
  .option('--dyad <dyads>', 'directed dyads as source~target', givenOnce)
  .option('--from <position>', 'start after this position token (exclusive)', givenOnce)
  .option('--to <position>', 'end at this position token (inclusive)', givenOnce)
  .option('--recorded-from <instant>', 'recorded at or after this ISO 8601 instant', givenOnce)
  .option('--recorded-to <instant>', 'recorded before this ISO 8601 instant', givenOnce)
  .option(
    '--speed <n>',
    'N times real time by recorded time (at most 5 s between two events)',
    givenOnce,
  )
  .option('--limit <n>', 'at most this many events', givenOnce)
  .action(async (options: ReplayCliOptions) =>
    (await import('./replay.cli')).replayToStdout(options),
  );

registerExportCommand(program);
registerImportCommands(program);
registerIngestCommands(program);
registerCodeCommand(program);
registerProjectionCommands(program);
registerSubscriptionCommands(program);
registerKeyCommands(program);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE);
});
