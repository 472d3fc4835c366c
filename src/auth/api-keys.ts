import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, ROLES, type Role } from './roles';

/**
 * A key as configured: the characters a URL, a shell and `PARLEY_API_KEYS`'s own
 * separators (`,` `:` `+`) leave alone, and long enough not to be guessed.
 */
const KEY_PATTERN = /^[A-Za-z0-9._~-]{16,256}$/;
/** A key given by its SHA-256 (so that the configuration holds no secret either). */
const HASHED_KEY_PATTERN = /^sha256\.([0-9a-f]{64})$/;
/** How many hex digits of a key's hash name it in logs and event metadata. */
const KEY_ID_LENGTH = 12;

/** Who made a request: a key's id (never the key) and the roles it holds. */
export interface Principal {
  /** `key:` and the first hex digits of the key's SHA-256, e.g. `key:3f2a9c1b0d4e`. */
  readonly id: string;
  readonly roles: ReadonlySet<Role>;
}

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

/** A new random key: 256 bits, with a prefix that secret scanners can look for. */
export function generateApiKey(): string {
  return `parley_${randomBytes(32).toString('base64url')}`;
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

/** The keys parley accepts, held as hashes and checked in constant time. */
export class ApiKeyRing {
  private readonly keys: readonly StoredKey[];

  constructor(keys: readonly StoredKey[]) {
    this.keys = [...keys];
  }

  get size(): number {
    return this.keys.length;
  }

  /**
   * The principal a presented key stands for, or undefined. Every stored hash is
   * compared, whatever matched first, with `timingSafeEqual` on fixed-length digests:
   * the time taken says nothing about how close a guess came, nor which key it was.
   */
  verify(presented: string): Principal | undefined {
    const hash = hashApiKey(presented);
    let found: StoredKey | undefined;
    for (const key of this.keys) if (timingSafeEqual(key.hash, hash)) found ??= key;
    return found ? { id: keyIdOf(found.hash), roles: found.roles } : undefined;
  }
}

/** The key in `Authorization: Bearer <key>`, or undefined when there is none. */
export function bearerKeyOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
