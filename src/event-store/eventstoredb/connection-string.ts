/**
 * EventStoreDB was renamed KurrentDB, and its client's scheme with it: `kurrentdb://`
 * (and `kurrentdb+discover://`). Deployments configured before the rename say `esdb://`,
 * which the client still parses but warns about on every connection, so parley takes
 * both and hands the client the new name.
 */
export function toKurrentDbConnectionString(connectionString: string): string {
  return connectionString.replace(
    /^esdb(\+discover)?:\/\//,
    (_scheme, discover: string | undefined) => `kurrentdb${discover ?? ''}://`,
  );
}
