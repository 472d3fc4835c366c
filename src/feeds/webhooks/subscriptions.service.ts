import { randomUUID } from 'node:crypto';
import { BadInput, DomainError, NotFound } from '../../common/domain-error';
import type { EventStore } from '../../event-store/event-store.port';
import { comparePositions, isPositionToken, type Position } from '../../event-store/position';
import { isNonPublicHost } from './address-guard';
import { selectorFor, type SubscriptionFilter } from './subscription-filter';
import type { DeliveryFailure, Subscription, SubscriptionStore } from './subscription.store';
import type { WebhookDispatcher } from './webhook-dispatcher';
import { rotateSecret } from './rotate-secret';
import { generateSecret } from './webhook-signature';

/** Where delivery starts: before the first event, after the last one now, or after a position. */
export type StartingPoint = 'start' | 'now' | Position;

export interface NewSubscription {
  readonly url: string;
  readonly filter?: SubscriptionFilter;
  readonly from?: StartingPoint;
  readonly description?: string;
}

export interface SubscriptionLag {
  /**
   * Events after the checkpoint, not yet acknowledged, counted by the store's own filter
   * in one indexed query: exact for `types`, `kinds` and `dyads`; with `actors`, every
   * dyad event after the checkpoint counts (an upper bound).
   */
  readonly events: number;
}

/** Who asks: a principal (API key id), and whether it may manage every subscription. */
export interface SubscriptionCaller {
  readonly id: string;
  readonly operator: boolean;
}

/** The cap on subscriptions per key (PARLEY_SUBSCRIPTIONS_PER_KEY) is reached: 409. */
export class SubscriptionLimitReached extends DomainError {
  override readonly name = 'SubscriptionLimitReached';
  readonly status = 409;
  readonly slug = 'subscription-limit';
  override readonly title = 'Too many subscriptions for this key';
  constructor(readonly limit: number) {
    super(
      `This key holds ${limit} webhook subscriptions, the most one key may (PARLEY_SUBSCRIPTIONS_PER_KEY=${limit}); delete one first`,
    );
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { limit: this.limit };
  }
}

/** A subscription as the API shows it: never its secret. */
export interface SubscriptionView {
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  readonly filter: SubscriptionFilter;
  readonly state: Subscription['state'];
  readonly position: string | null;
  readonly lag: SubscriptionLag;
  readonly consecutiveFailures: number;
  readonly pausedReason: string | null;
  readonly pausedAt: string | null;
  readonly lastDeliveredAt: string | null;
  readonly createdAt: string;
  /** The API key id that created it; null for subscriptions from before owners were kept. */
  readonly owner: string | null;
  /** Until when the secret a rotation replaced still signs deliveries; null: no rotation's grace. */
  readonly previousSecretExpiresAt: string | null;
}

export interface CreatedSubscription extends SubscriptionView {
  /** Shown once, at creation: receivers verify signatures with it. */
  readonly secret: string;
}

/** A rotated subscription, with its new secret (shown this once). */
export type RotatedSubscription = CreatedSubscription;

/** Every subscription, on the one page (`nextCursor` is always null). */
export interface SubscriptionPage {
  readonly items: SubscriptionView[];
  readonly nextCursor: string | null;
}

/** A subscription's most recent failed attempts, newest first, on the one page. */
export interface DeliveryFailurePage {
  readonly items: DeliveryFailure[];
  readonly nextCursor: string | null;
}

export interface SubscriptionsOptions {
  readonly allowPrivate: boolean;
  /** How many subscriptions one key may hold. */
  readonly perKey?: number;
  /** How long a rotated-out secret keeps signing deliveries, in ms. */
  readonly secretGraceMs?: number;
  readonly clock?: () => Date;
}

const DAY_MS = 86_400_000;

/** The operator's and subscriber's use cases over webhook subscriptions. */
export class SubscriptionsService {
  private readonly clock: () => Date;

  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly events: EventStore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly options: SubscriptionsOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async create(input: NewSubscription, caller: SubscriptionCaller): Promise<CreatedSubscription> {
    const url = new URL(input.url);
    if (!this.options.allowPrivate && isNonPublicHost(url.hostname)) {
      throw new BadInput(
        `url must reach a public address; ${url.hostname} is loopback or private (set PARLEY_WEBHOOKS_ALLOW_PRIVATE=true to allow it)`,
        'url',
      );
    }
    const subscription: Omit<Subscription, 'revision'> = {
      id: randomUUID(),
      url: url.toString(),
      description: input.description ?? null,
      filter: input.filter ?? {},
      secret: generateSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      owner: caller.id,
      position: await this.positionOf(input.from ?? 'now', 'from'),
      state: 'active',
      pausedReason: null,
      pausedAt: null,
      consecutiveFailures: 0,
      lastDeliveredAt: null,
      createdAt: this.clock().toISOString(),
    };
    const limit = this.options.perKey ?? Infinity;
    if (!this.subscriptions.create(subscription, limit)) throw new SubscriptionLimitReached(limit);
    await this.dispatcher.refresh(subscription.id);
    const view = await this.view({ ...subscription, revision: 0 });
    return { ...view, secret: subscription.secret };
  }

  /** An operator's view: every subscription; a subscriber's: its own. */
  async list(caller: SubscriptionCaller): Promise<SubscriptionView[]> {
    const visible = caller.operator
      ? this.subscriptions.list()
      : this.subscriptions.list(caller.id);
    return Promise.all(visible.map((s) => this.view(s)));
  }

  async get(id: string, caller: SubscriptionCaller): Promise<SubscriptionView> {
    return this.view(this.require(id, caller));
  }

  failures(id: string, caller: SubscriptionCaller): DeliveryFailure[] {
    this.require(id, caller);
    return this.subscriptions.failures(id);
  }

  /**
   * A new signing secret, answered this once. For the grace period
   * (PARLEY_WEBHOOK_SECRET_GRACE) deliveries carry a signature with each secret, so
   * receivers can move to the new one without refusing a delivery; then only the new one.
   */
  async rotateSecret(id: string, caller: SubscriptionCaller): Promise<RotatedSubscription> {
    this.require(id, caller);
    const rotation = rotateSecret(
      this.subscriptions,
      id,
      this.options.secretGraceMs ?? DAY_MS,
      this.clock(),
    );
    if (!rotation) throw new NotFound(`No subscription with id ${id}`);
    return { ...(await this.view(rotation.subscription)), secret: rotation.secret };
  }

  /** Active again from its checkpoint, failures forgiven; a no-op on an active subscription. */
  async resume(id: string, caller: SubscriptionCaller): Promise<SubscriptionView> {
    this.require(id, caller);
    const resumed = this.subscriptions.resume(id);
    await this.dispatcher.refresh(id);
    return this.view(resumed ?? this.require(id, caller));
  }

  /**
   * Moves the checkpoint: delivery goes on after `to` (from the first event with
   * `start`), re-sending what it had sent. The state (active or paused) is kept.
   */
  async reset(
    id: string,
    to: StartingPoint,
    caller: SubscriptionCaller,
  ): Promise<SubscriptionView> {
    this.require(id, caller);
    const position = await this.positionOf(to, 'position');
    // The worker stops first, so that an acknowledgement in flight cannot land after the reset.
    const reset = this.subscriptions.reset(id, position);
    await this.dispatcher.refresh(id);
    return this.view(reset ?? this.require(id, caller));
  }

  async delete(id: string, caller: SubscriptionCaller): Promise<void> {
    this.require(id, caller);
    if (!this.subscriptions.delete(id)) throw new NotFound(`No subscription with id ${id}`);
    await this.dispatcher.refresh(id);
  }

  /**
   * The subscription, if the caller may see it: an operator every one, a subscriber its
   * own. Another key's subscription is answered 404, as if it did not exist, so ids
   * cannot be probed.
   */
  private require(id: string, caller: SubscriptionCaller): Subscription {
    const subscription = this.subscriptions.get(id);
    if (!subscription || (!caller.operator && subscription.owner !== caller.id))
      throw new NotFound(`No subscription with id ${id}`);
    return subscription;
  }

  private async positionOf(point: StartingPoint, field: string): Promise<Position | null> {
    if (point === 'start') return null;
    const head = (await this.events.headPosition()) ?? null;
    if (point === 'now') return head;
    if (!isPositionToken(point))
      throw new BadInput(`${field} must be start, now or a position`, field);
    if (head === null || comparePositions(point, head) > 0)
      throw new BadInput(`${field} ${point} is beyond the end of the log`, field);
    return point;
  }

  private async view(subscription: Subscription): Promise<SubscriptionView> {
    return {
      id: subscription.id,
      url: subscription.url,
      description: subscription.description,
      filter: subscription.filter,
      state: subscription.state,
      position: subscription.position,
      lag: { events: await this.lag(subscription) },
      consecutiveFailures: subscription.consecutiveFailures,
      pausedReason: subscription.pausedReason,
      pausedAt: subscription.pausedAt,
      lastDeliveredAt: subscription.lastDeliveredAt,
      createdAt: subscription.createdAt,
      owner: subscription.owner,
      previousSecretExpiresAt: this.graceEnd(subscription),
    };
  }

  private graceEnd(subscription: Subscription): string | null {
    const ends = subscription.previousSecretExpiresAt;
    return ends !== null && Date.parse(ends) > this.clock().getTime() ? ends : null;
  }

  /**
   * Events after the checkpoint, counted by the store in one query through the
   * subscription's store filter: never a read of the backlog, which made listing a
   * hundred subscriptions far behind take seconds.
   */
  private async lag(subscription: Subscription): Promise<number> {
    const { read } = selectorFor(subscription.filter);
    if (read.reads === 'nothing') return 0;
    return this.events.countEvents({
      ...(read.reads === 'filtered' ? { filter: read.filter } : {}),
      ...(subscription.position ? { from: subscription.position } : {}),
    });
  }
}
