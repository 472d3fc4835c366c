import { Option, type Command } from 'commander';
import { generateApiKey } from '../auth/api-keys';
import { hashApiKey, keyIdOf } from '../config/api-key-entries';
import { resetDevelopmentKey } from '../auth/development-key';
import { ROLES, isRole } from '../config/roles';
import { loadConfig } from '../config/config';
import { openDatabase } from '../database/open-database';

function rolesOf(text: string, command: Command): string {
  const roles = text.split('+');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0)
    command.error(`unknown role(s) ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  return roles.join('+');
}

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('API keys: make one, or reset the development key');

  const generate = keys
    .command('generate')
    .description(
      'print a new random key and its PARLEY_API_KEYS entry, plain and hashed (the hashed one keeps the secret out of the configuration)',
    )
    .addOption(
      new Option('--roles <roles>', `roles joined by +: ${ROLES.join(', ')}`).default('analyst'),
    )
    .action((options: { roles: string }) => {
      const roles = rolesOf(options.roles, generate);
      const key = generateApiKey();
      const hash = hashApiKey(key);
      process.stdout.write(
        [
          `key:       ${key}`,
          `id:        ${keyIdOf(hash)}   (the principal in event metadata and logs)`,
          `entry:     ${key}:${roles}`,
          `hashed:    sha256.${hash.toString('hex')}:${roles}`,
          '',
        ].join('\n'),
      );
    });

  keys
    .command('reset-dev')
    .description(
      'forget the development key of PARLEY_DB, so that the next `parley serve` without PARLEY_API_KEYS makes and prints a new one',
    )
    .action(() => {
      const config = loadConfig({ ...process.env, PARLEY_SAMPLE_DATA: 'off' });
      const db = openDatabase(config.PARLEY_DB);
      try {
        const forgotten = resetDevelopmentKey(db);
        process.stdout.write(
          forgotten
            ? `forgot the development key of ${config.PARLEY_DB}; the next start prints a new one\n`
            : `${config.PARLEY_DB} had no development key; the next start without PARLEY_API_KEYS makes one\n`,
        );
      } finally {
        db.close();
      }
    });
}
