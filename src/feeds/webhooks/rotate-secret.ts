import type { Subscription, SubscriptionStore } from './subscription.store';
import { generateSecret } from './webhook-signature';

export interface Rotation {
  readonly subscription: Subscription;
  /** The new secret, for the caller to show once. */
  readonly secret: string;
  /** Until when the replaced secret still signs deliveries. */
  readonly previousSecretExpiresAt: string;
}

/**
 * Gives a subscription a new signing secret; the replaced one keeps signing beside it for
 * `graceMs`. The API and the CLI both rotate through here; a running server signs its
 * next attempt with the new secret, as it reads the secrets for each attempt.
 */
export function rotateSecret(
  subscriptions: SubscriptionStore,
  id: string,
  graceMs: number,
  now: Date,
): Rotation | undefined {
  const secret = generateSecret();
  const previousSecretExpiresAt = new Date(now.getTime() + graceMs).toISOString();
  const subscription = subscriptions.rotateSecret(id, secret, previousSecretExpiresAt);
  return subscription && { subscription, secret, previousSecretExpiresAt };
}
