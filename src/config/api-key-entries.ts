import { createHash } from 'node:crypto';
import { isRole, ROLES, type Role } from './roles';

/**
 * The grammar of `PARLEY_API_KEYS`: read at configuration time, so that a malformed
 * entry stops the start. Verifying a presented key is auth's (auth/api-keys.ts).
 */

/**
 * A key as configured: the characters a URL, a shell and `PARLEY_API_KEYS`'s own
 * separators (`,` `:` `+`) leave alone, and long enough not to be guessed.
 */
const KEY_PATTERN = /^[A-Za-z0-9._~-]{16,256}$/;
/** A key given by its SHA-256 (so that the configuration holds no secret either). */
const HASHED_KEY_PATTERN = /^sha256\.([0-9a-f]{64})$/;
/** How many hex digits of a key's hash name it in logs and event metadata. */
const KEY_ID_LENGTH = 12;

/** One configured key, as parley keeps it: the hash, never the key. */
export interface StoredKey {
  readonly hash: Buffer;
  readonly roles: ReadonlySet<Role>;
}

export class InvalidApiKeys extends Error {}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function keyIdOf(hash: Buffer): string {
  return `key:${hash.toString('hex').slice(0, KEY_ID_LENGTH)}`;
}

/**
 * Reads `PARLEY_API_KEYS` (`key:role+role,key:role`; a key may also be written as
 * `sha256.<hex>`, its hash). Every mistake is named, and the keys themselves are never
 * repeated in a message: configuration errors end up in logs.
 */
export function parseApiKeys(text: string): StoredKey[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0)
    throw new InvalidApiKeys('PARLEY_API_KEYS is set but holds no key:role entry');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const where = `PARLEY_API_KEYS entry ${index + 1}`;
    const colon = entry.lastIndexOf(':');
    if (colon < 0)
      throw new InvalidApiKeys(`${where} must be key:role+role (roles: ${ROLES.join(', ')})`);
    const secret = entry.slice(0, colon);
    const roleNames = entry.slice(colon + 1).split('+');
    const unknown = roleNames.filter((name) => !isRole(name));
    if (unknown.length > 0 || roleNames.length === 0)
      throw new InvalidApiKeys(
        `${where} names unknown role(s) ${unknown.map((name) => JSON.stringify(name)).join(', ')}; roles are ${ROLES.join(', ')}`,
      );
    const hashed = HASHED_KEY_PATTERN.exec(secret);
    if (!hashed && !KEY_PATTERN.test(secret))
      throw new InvalidApiKeys(
        `${where}: a key must be 16 to 256 characters of A-Z a-z 0-9 . _ ~ - (or sha256.<64 hex digits>)`,
      );
    const hash = hashed?.[1] ? Buffer.from(hashed[1], 'hex') : hashApiKey(secret);
    const hex = hash.toString('hex');
    if (seen.has(hex)) throw new InvalidApiKeys(`${where} repeats an earlier key`);
    seen.add(hex);
    return { hash, roles: new Set(roleNames as Role[]) };
  });
}
