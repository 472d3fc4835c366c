import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hashApiKey, keyIdOf, type StoredKey } from '../config/api-key-entries';
import type { Role } from '../config/roles';

/** Who made a request: a key's id (never the key) and the roles it holds. */
export interface Principal {
  /** `key:` and the first hex digits of the key's SHA-256, e.g. `key:3f2a9c1b0d4e`. */
  readonly id: string;
  readonly roles: ReadonlySet<Role>;
}

/** A new random key: 256 bits, with a prefix that secret scanners can look for. */
export function generateApiKey(): string {
  return `parley_${randomBytes(32).toString('base64url')}`;
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
