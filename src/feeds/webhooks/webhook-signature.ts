import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, "Signature scheme"):
 * the secret is `whsec_` + base64 of random bytes; the signature is
 * `v1,` + base64(HMAC-SHA256(secret bytes, `${id}.${timestamp}.${body}`)).
 */
const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24 to 64 bytes; 32 is the HMAC-SHA256 block's natural key size. */
const SECRET_BYTES = 32;

export function generateSecret(random: (size: number) => Buffer = randomBytes): string {
  return `${SECRET_PREFIX}${random(SECRET_BYTES).toString('base64')}`;
}

/** The key bytes of a `whsec_` secret: the base64 after the prefix. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('A webhook secret starts with whsec_');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

/** `v1,<base64 signature>` of one attempt's id, timestamp (unix seconds) and exact body. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

export type WebhookHeaders = Readonly<
  Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>
>;

/**
 * The three headers of one attempt. `id` stays the same across retries of one event
 * (receivers dedupe on it); `timestamp` is the attempt's own, so a receiver's
 * replay-window check (5 minutes in the reference libraries) passes on a late retry.
 */
export function signatureHeaders(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): WebhookHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(secret, id, timestamp, body),
  };
}
