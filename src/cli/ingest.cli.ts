import { NestFactory } from '@nestjs/core';
import type { Command } from 'commander';
import { AppModule } from '../app/app.module';
import { loadConfig } from '../config/config';
import { GdeltFollower, parseSince, type FollowEvent } from '../ingest';
import { cliPrincipal } from './cli-principal';

interface IngestGdeltOptions {
  readonly follow?: boolean;
  readonly since?: string;
  readonly baseUrl?: string;
  readonly interval?: string;
}

/** `parley ingest gdelt`: GDELT 2.0's 15-minute event exports, once or followed. */
export function registerIngestCommands(program: Command): void {
  const ingest = program
    .command('ingest')
    .description('follow a dataset’s published updates into records');
  const gdelt = ingest.command('gdelt');
  gdelt
    .description(
      'import the GDELT 2.0 event exports lastupdate.txt names that the checkpoint lacks (size and MD5 checked), then stop, or with --follow keep polling; one JSON line per file on standard output; exits 1 when a file was refused or failed',
    )
    .option(
      '--follow',
      'keep polling lastupdate.txt (every PARLEY_GDELT_POLL_INTERVAL) until stopped',
    )
    .option(
      '--since <date>',
      'first back-fill every export from this date (YYYY-MM-DD, UTC) or instant (ISO 8601 with offset) on, from masterfilelist.txt',
    )
    .option(
      '--base-url <url>',
      'where GDELT 2.0 publishes its lists (default: PARLEY_GDELT_BASE_URL, http://data.gdeltproject.org/gdeltv2)',
    )
    .option(
      '--interval <duration>',
      'time between polls with --follow: 15m, 30s, 500ms (default: PARLEY_GDELT_POLL_INTERVAL, 15m)',
    )
    .action(async (options: IngestGdeltOptions) => {
      const since = options.since === undefined ? undefined : parseSince(options.since);
      if (options.since !== undefined && since === undefined) {
        gdelt.error(
          `ingest gdelt: --since ${options.since} is neither a date (YYYY-MM-DD) nor an ISO 8601 instant with an offset`,
          { exitCode: 2 },
        );
      }
      const config = loadConfig({
        ...process.env,
        PARLEY_SAMPLE_DATA: 'off',
        ...(options.baseUrl !== undefined ? { PARLEY_GDELT_BASE_URL: options.baseUrl } : {}),
        ...(options.interval !== undefined ? { PARLEY_GDELT_POLL_INTERVAL: options.interval } : {}),
      });
      const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
        logger: ['error', 'warn'],
      });
      await app.init();
      const follower = app.get(GdeltFollower);
      const run = {
        ...(since ? { since } : {}),
        principal: cliPrincipal(),
        onEvent: (event: FollowEvent) => process.stdout.write(`${JSON.stringify(event)}\n`),
      };
      try {
        if (options.follow) {
          // A stop lets the file being imported finish and its checkpoint be written.
          const abort = new AbortController();
          process.once('SIGTERM', () => abort.abort());
          process.once('SIGINT', () => abort.abort());
          await follower.follow(run, abort.signal);
        } else {
          const outcome = await follower.catchUp(run);
          process.stderr.write(`${JSON.stringify(outcome)}\n`);
          if (outcome.refused > 0 || outcome.failed > 0) process.exitCode = 1;
        }
      } finally {
        await app.close();
      }
    });
}
