import { Option, type Command } from 'commander';
import { RECORD_KINDS } from '../records/domain/record';
import type { ExportCliOptions } from './export.run';

/** `parley export`: `GET /export` to standard output or a file, with the same filters and formats. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description(
      'write the records, filtered, as NDJSON (one record per line, as POST /records takes it, so it imports elsewhere as it is) or CSV, as GET /export does, to standard output or --out',
    )
    .addOption(
      new Option('--format <format>', 'NDJSON or CSV (CSV flattens records for spreadsheets)')
        .choices(['ndjson', 'csv'])
        .default('ndjson'),
    )
    .option('--source <actor>', 'records this actor said')
    .option('--target <actor>', 'records said to or about this actor')
    .addOption(new Option('--kind <kind>', 'one kind of record').choices(RECORD_KINDS))
    .option('--topic <topic>', 'records with this topic')
    .option('--from <instant>', 'occurred at or after this date or ISO 8601 instant')
    .option('--to <instant>', 'occurred before this date or ISO 8601 instant')
    .option('--as-of <instant>', 'the records as the log held them at this recorded instant')
    .option('--include-retracted', 'retracted records too')
    .addOption(
      new Option('--order <order>', 'by occurrence time (default: asc)').choices(['asc', 'desc']),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: ExportCliOptions) =>
      (await import('./export.run')).exportRecords(options),
    );
}
