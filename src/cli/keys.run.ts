import { generateApiKey } from '../auth/api-keys';
import { resetDevelopmentKey } from '../auth/development-key';
import { hashApiKey, keyIdOf } from '../config/api-key-entries';
import { loadConfig } from '../config/config';
import { openDatabase } from '../database/open-database';

/** `parley keys generate`: a new key and its `PARLEY_API_KEYS` entry, plain and hashed. */
export function printNewKey(roles: string): void {
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
}

/** `parley keys reset-dev`: forgets the development key of `PARLEY_DB`. */
export function resetDevKey(): void {
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
}
