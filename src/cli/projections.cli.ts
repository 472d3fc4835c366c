import { Option, type Command } from 'commander';
import type { ServerOptions } from './projections.run';

export function registerProjectionCommands(program: Command): void {
  program
    .command('rebuild')
    .description(
      'rebuild a projection into a new generation while the live one keeps answering, then swap (Ctrl-C cancels)',
    )
    .argument('<name>', 'the projection: actors, records or tone')
    .option('--url <url>', 'drive a running parley server over HTTP instead of this process')
    .addOption(apiKeyOption())
    .option('--no-wait', 'start the rebuild and return')
    .action(async (name: string, options: ServerOptions & { wait: boolean }) =>
      (await import('./projections.run')).rebuildProjection(name, options),
    );

  program
    .command('projections')
    .description(
      'show each projection: version, generation, state, checkpoint, lag, rebuild progress, last error',
    )
    .option('--url <url>', 'ask a running parley server over HTTP')
    .addOption(apiKeyOption())
    .option('--json', 'print JSON')
    .action(async (options: ServerOptions & { json?: boolean }) =>
      (await import('./projections.run')).listProjections(options),
    );
}

/** The environment variable is the better way: a command line is visible to other users in `ps`. */
function apiKeyOption(): Option {
  return new Option('--api-key <key>', 'an operator key for --url').env('PARLEY_API_KEY');
}
