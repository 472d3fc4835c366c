import type { Command } from 'commander';
import type { IngestGdeltOptions } from './ingest.run';

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
    .action(async (options: IngestGdeltOptions) =>
      (await import('./ingest.run')).ingestGdelt(options),
    );
}
