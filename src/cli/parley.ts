import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { AppModule } from '../app/app.module';
import { InvalidConfig, loadConfig } from '../config/config';
import { RecordImporter } from '../records/import-records/record-importer';
import { givenOnce, replayToStdout, type ReplayCliOptions } from './replay.cli';
import { SampleLoader } from '../sample/sample-loader';
import { registerKeyCommands } from './keys.cli';
import { registerProjectionCommands } from './projections.cli';
import { serve } from './serve';
import { registerSubscriptionCommands } from './subscriptions.cli';

const program = new Command('parley')
  .description(
    'Event-sourced diplomatic timeline: record what actors say, project tone over time, replay history.',
  )
  .showHelpAfterError();

program
  .command('serve')
  .description('start the HTTP service (configured by the environment: PORT, HOST, PARLEY_DB, ...)')
  .action(() => serve());

program
  .command('import')
  .description(
    'record the records of an NDJSON file (one record per line, as POST /records takes it), or the sample',
  )
  .argument('[file]', 'NDJSON file; - reads standard input')
  .addOption(
    new Option('--sample', 'load the bundled sample dataset (actors, affiliations and records)'),
  )
  .action(async (file: string | undefined, options: { sample?: boolean }) => {
    if (!file && !options.sample)
      program.error('import needs a file, - for standard input, or --sample');
    const config = loadConfig({ ...process.env, PARLEY_SAMPLE_DATA: 'off' });
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: ['error', 'warn'],
    });
    await app.init();
    try {
      if (options.sample) {
        const report = await app.get(SampleLoader).load();
        process.stdout.write(
          `${JSON.stringify({ actors: report.actors, affiliations: report.affiliations, records: summary(report.records) })}\n`,
        );
      }
      if (file) {
        const text = readFileSync(file === '-' ? 0 : file, 'utf8');
        const report = await app.get(RecordImporter).importNdjson(text, {
          correlationId: `cli-import-${Date.now()}`,
          principal: cliPrincipal(),
        });
        for (const result of report.results) process.stdout.write(`${JSON.stringify(result)}\n`);
        process.stderr.write(`${JSON.stringify(summary(report))}\n`);
        if (report.refused > 0) process.exitCode = 1;
      }
    } finally {
      await app.close();
    }
  });

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
  .action((options: ReplayCliOptions) => replayToStdout(options));

function summary(report: {
  received: number;
  created: number;
  unchanged: number;
  refused: number;
}): object {
  const { received, created, unchanged, refused } = report;
  return { received, created, unchanged, refused };
}

registerProjectionCommands(program);
registerSubscriptionCommands(program);
registerKeyCommands(program);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof InvalidConfig || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

/** Who ran the CLI, for the events' metadata: the operating-system user, as `cli:<name>`. */
function cliPrincipal(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // A container user with no passwd entry has no name to give.
    return 'cli';
  }
}
