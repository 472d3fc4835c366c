import { InvalidArgumentError, type Command, type CommanderError } from 'commander';

/**
 * Exit codes a script can branch on: 2 when the command line itself is wrong (as
 * Bash's builtins and most Unix tools use it), so "retry later" (1) and "fix the
 * script" (2) are told apart.
 */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A command line the CLI refuses: the message names the option as it is typed. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/**
 * Commander's parser for an option whose values are written with commas: given twice,
 * it is refused rather than silently read as its last value.
 */
export function givenOnce(value: string, previous: string | undefined): string {
  if (previous !== undefined)
    throw new InvalidArgumentError('give it once; separate several values with commas');
  return value;
}

/**
 * Makes every refusal of the command line exit 2: Commander's own (unknown option or
 * command, missing or invalid argument) and a command's `.error()`, which all exit 1 by
 * default. Help and version keep 0. Set before the commands are added, which inherit it.
 */
export function exitTwoOnUsageErrors(program: Command): Command {
  return program.exitOverride((error: CommanderError) =>
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE),
  );
}

/**
 * The fields an HTTP validation problem names, as the options the CLI took them from
 * (`recordedFrom` → `--recorded-from`), one line each.
 */
export function invalidOptionsMessage(
  command: string,
  errors: readonly { readonly field: string; readonly message: string }[],
): string {
  const lines = errors.map(({ field, message }) => `  ${optionName(field)}: ${message}`);
  return [`parley ${command}: invalid options`, ...lines].join('\n');
}

function optionName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
