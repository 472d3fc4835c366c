import { Option, type Command } from 'commander';
import { ROLES, isRole } from '../config/roles';

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
    .action(async (options: { roles: string }) => {
      const roles = rolesOf(options.roles, generate);
      (await import('./keys.run')).printNewKey(roles);
    });

  keys
    .command('reset-dev')
    .description(
      'forget the development key of PARLEY_DB, so that the next `parley serve` without PARLEY_API_KEYS makes and prints a new one',
    )
    .action(async () => (await import('./keys.run')).resetDevKey());
}
