import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, "Signature scheme"),
 * done by the scheme's own reference library, `standardwebhooks`: the secret is
 * `whsec_` + base64 of random bytes; a signature is `v1,` + base64(HMAC-SHA256(secret
 * bytes, `${id}.${timestamp}.${body}`)).
 */
const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24 to 64 bytes; 32 is the HMAC-SHA256 block's natural key size. */
const SECRET_BYTES = 32;

/** A new secret (the library verifies and signs, but does not make secrets). */
export function generateSecret(random: (size: number) => Buffer = randomBytes): string {
  return `${SECRET_PREFIX}${random(SECRET_BYTES).toString('base64')}`;
}

export type WebhookHeaders = Readonly<
  Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>
>;

/**
 * The three headers of one attempt. `id` stays the same across retries of one event
 * (receivers dedupe on it); `timestamp` (unix seconds) is the attempt's own, so a
 * receiver's replay-window check (5 minutes in the reference libraries) passes on a late
 * retry. With several secrets (the new one first, then the one it replaces while a
 * rotation's grace lasts), `webhook-signature` carries one `v1,` signature per secret,
 * space-separated, as the spec allows: a receiver still holding the old secret verifies,
 * and so does one that has switched to the new.
 */
export function signatureHeaders(
  secrets: readonly [string, ...string[]],
  id: string,
  timestamp: number,
  body: string,
): WebhookHeaders {
  const at = new Date(Math.floor(timestamp) * 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' '),
  };
}
