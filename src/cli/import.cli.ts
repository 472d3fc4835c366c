import { Option, type Command } from 'commander';
import { DATASETS } from '../records/domain/record';

import type { ImportOptions } from './import.run';

const FORMATS = ['ndjson', ...DATASETS] as const;

/** `parley import` (NDJSON, a dataset's raw files, or the sample) and `parley actors alias`. */
export function registerImportCommands(program: Command): void {
  const importCommand = program
    .command('import')
    .description(
      'record the records of NDJSON files (one record per line, as POST /records takes it), of a dataset’s raw files (GDELT 2.0/1.0, ICEWS, POLECAT; zipped or not), or the sample',
    )
    .argument('[files...]', 'files or globs ("data/*.export.CSV.zip"); - reads standard input')
    .addOption(
      new Option('--format <format>', 'what the files are').choices(FORMATS).default('ndjson'),
    )
    .option(
      '--actor-map <file>',
      'the actor map to fold dataset actors through (default: PARLEY_ACTOR_MAP, or actor-map.json beside the database)',
    )
    .option('--no-progress', 'no progress bar on standard error')
    .addOption(
      new Option('--sample', 'load the bundled sample dataset (actors, affiliations and records)'),
    )
    .action(async (patterns: string[], options: ImportOptions) => {
      if (patterns.length === 0 && !options.sample) {
        importCommand.error('import needs a file, - for standard input, or --sample');
      }
      await (await import('./import.run')).importFiles(patterns, options);
    });

  const actors = program.command('actors').description('the actor map dataset imports apply');
  actors
    .command('alias')
    .description(
      'fold a dataset’s actor (a GDELT code such as USAGOV, an ICEWS or POLECAT name) into an existing actor for the imports that follow',
    )
    .argument('<code>', 'the dataset’s code or name, exactly as in its files')
    .argument('<actor>', 'the id of the actor it stands for')
    .option(
      '--actor-map <file>',
      'the map file (default: PARLEY_ACTOR_MAP, or actor-map.json beside the database)',
    )
    .action(async (code: string, actor: string, options: { actorMap?: string }) =>
      (await import('./import.run')).aliasActor(code, actor, options),
    );
  actors
    .command('map')
    .description('print the actor map')
    .option(
      '--actor-map <file>',
      'the map file (default: PARLEY_ACTOR_MAP, or actor-map.json beside the database)',
    )
    .action(async (options: { actorMap?: string }) =>
      (await import('./import.run')).printActorMap(options),
    );
}
