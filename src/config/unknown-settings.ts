import { distance as editDistance } from 'fastest-levenshtein';

/**
 * Names with parley's prefix that its tools read but that are not settings of the service,
 * so a shell that sets them for those tools starts the service without a warning: the
 * CLI's `--api-key` (`PARLEY_API_KEY`), the README's variable for curl (`PARLEY_KEY`), the
 * browser tests' Chromium and the fuzz tests' seed and runs.
 */
const READ_ELSEWHERE = new Set([
  'PARLEY_API_KEY',
  'PARLEY_KEY',
  'PARLEY_CHROMIUM',
  'PARLEY_FUZZ_SEED',
  'PARLEY_FUZZ_RUNS',
]);

const PREFIX = 'PARLEY_';

/** A `PARLEY_*` variable no setting reads, and the setting it is likely a misspelling of. */
export interface UnknownSetting {
  readonly name: string;
  readonly suggestion?: string;
}

/**
 * The `PARLEY_*` names in `env` that are none of `known` (the configuration class's own
 * properties), each with the known name it is closest to when one is close: a setting that
 * is misspelt is otherwise silently ignored, and its default silently used.
 */
export function unknownSettings(
  env: NodeJS.ProcessEnv,
  known: readonly string[],
): UnknownSetting[] {
  const knownNames = new Set(known);
  return Object.keys(env)
    .filter(
      (name) =>
        name.toUpperCase().startsWith(PREFIX) && !knownNames.has(name) && !READ_ELSEWHERE.has(name),
    )
    .sort()
    .map((name) => {
      const suggestion = closest(name, known);
      return suggestion === undefined ? { name } : { name, suggestion };
    });
}

/** The operator's line for one unknown name. */
export function unknownSettingWarning({ name, suggestion }: UnknownSetting): string {
  const hint = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
  return `${name} is not a setting parley reads (ignored)${hint}`;
}

/**
 * The known name nearest to `name`, if near enough to be a slip (at most 3 edits, and
 * fewer than a third of the name's length) and nearer than any other. A name given with
 * the prefix that the setting lacks (`PARLEY_PORT`) matches it too (`PORT`).
 */
function closest(name: string, known: readonly string[]): string | undefined {
  const typed = name.toUpperCase();
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.ceil(typed.length / 3) - 1);
  let tie = false;
  for (const candidate of known) {
    const forms = candidate.startsWith(PREFIX) ? [candidate] : [candidate, PREFIX + candidate];
    const distance = Math.min(...forms.map((form) => editDistance(typed, form)));
    if (distance < bestDistance || (distance === bestDistance && best === undefined)) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}
