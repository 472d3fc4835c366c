import { randomUUID } from 'node:crypto';
import { BadInput, NotFound } from '../../common/domain-error';
import type { EventStore } from '../../event-store/event-store.port';
import { comparePositions, isPositionToken, type Position } from '../../event-store/position';
import { isNonPublicHost } from './address-guard';
import { selectorFor, type SubscriptionFilter } from './subscription-filter';
import type { DeliveryFailure, Subscription, SubscriptionStore } from './subscription.store';
import type { WebhookDispatcher } from './webhook-dispatcher';
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
  /** Matching events after the checkpoint, not yet acknowledged. */
  readonly events: number;
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
}

export interface CreatedSubscription extends SubscriptionView {
  /** Shown once, at creation: receivers verify signatures with it. */
  readonly secret: string;
}

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
  readonly clock?: () => Date;
}

const LAG_PAGE = 1000;

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

  async create(input: NewSubscription): Promise<CreatedSubscription> {
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
      position: await this.positionOf(input.from ?? 'now', 'from'),
      state: 'active',
      pausedReason: null,
      pausedAt: null,
      consecutiveFailures: 0,
      lastDeliveredAt: null,
      createdAt: this.clock().toISOString(),
    };
    this.subscriptions.create(subscription);
    await this.dispatcher.refresh(subscription.id);
    const view = await this.view({ ...subscription, revision: 0 });
    return { ...view, secret: subscription.secret };
  }

  async list(): Promise<SubscriptionView[]> {
    return Promise.all(this.subscriptions.list().map((s) => this.view(s)));
  }

  async get(id: string): Promise<SubscriptionView> {
    return this.view(this.require(id));
  }

  failures(id: string): DeliveryFailure[] {
    this.require(id);
    return this.subscriptions.failures(id);
  }

  /** Active again from its checkpoint, failures forgiven; a no-op on an active subscription. */
  async resume(id: string): Promise<SubscriptionView> {
    this.require(id);
    const resumed = this.subscriptions.resume(id);
    await this.dispatcher.refresh(id);
    return this.view(resumed ?? this.require(id));
  }

  /**
   * Moves the checkpoint: delivery goes on after `to` (from the first event with
   * `start`), re-sending what it had sent. The state (active or paused) is kept.
   */
  async reset(id: string, to: StartingPoint): Promise<SubscriptionView> {
    this.require(id);
    const position = await this.positionOf(to, 'position');
    // The worker stops first, so that an acknowledgement in flight cannot land after the reset.
    const reset = this.subscriptions.reset(id, position);
    await this.dispatcher.refresh(id);
    return this.view(reset ?? this.require(id));
  }

  async delete(id: string): Promise<void> {
    if (!this.subscriptions.delete(id)) throw new NotFound(`No subscription with id ${id}`);
    await this.dispatcher.refresh(id);
  }

  private require(id: string): Subscription {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw new NotFound(`No subscription with id ${id}`);
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
    };
  }

  /** Matching events after the checkpoint: read through the store's filter, then counted exactly. */
  private async lag(subscription: Subscription): Promise<number> {
    const { read, matches } = selectorFor(subscription.filter);
    if (read.reads === 'nothing') return 0;
    const filter = read.reads === 'filtered' ? { filter: read.filter } : {};
    let from = subscription.position ?? undefined;
    let count = 0;
    for (;;) {
      const page = await this.events.readAll({
        ...filter,
        ...(from ? { from } : {}),
        limit: LAG_PAGE,
      });
      count += page.filter(matches).length;
      const last = page[page.length - 1];
      if (page.length < LAG_PAGE || !last) return count;
      from = last.position;
    }
  }
}
