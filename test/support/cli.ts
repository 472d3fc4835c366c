import { spawnSync } from 'node:child_process';
import { PARLEY_BIN } from './parley-process';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `parley` command to its end, as a user's shell would, logs silenced. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: { readonly input?: string | Buffer; readonly nodeOptions?: readonly string[] } = {},
): CliResult {
  const result = spawnSync(
    process.execPath,
    [...(options.nodeOptions ?? []), PARLEY_BIN, ...args],
    {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 90_000,
      ...(options.input === undefined ? {} : { input: options.input }),
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
