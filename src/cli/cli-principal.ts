import { userInfo } from 'node:os';

/** Who ran the CLI, for the events' metadata: the operating-system user, as `cli:<name>`. */
export function cliPrincipal(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // A container user with no passwd entry has no name to give.
    return 'cli';
  }
}
