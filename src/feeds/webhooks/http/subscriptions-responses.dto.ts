/*
 * What the webhook subscription routes answer, as classes for the OpenAPI document. The
 * service answers plain objects typed by interfaces, which leave nothing at run time to
 * describe; each class implements its interface, so the compiler refuses a class that
 * drifts from what is actually sent. The Nest swagger plugin's metadata
 * (src/openapi/plugin-metadata.ts, `npm run openapi:metadata`) describes their
 * properties from these types and doc comments; each is named without its `Dto` suffix.
 */
import { ApiSchema } from '@nestjs/swagger';
import type { Position } from '../../../event-store/position';
import { ApiPositionToken } from '../../../http/api-position';
import type { RecordKind } from '../../../records/domain/record';
import type { SubscriptionFilter } from '../subscription-filter';
import type { DeliveryFailure, SubscriptionState } from '../subscription.store';
import type {
  CreatedSubscription,
  DeliveryFailurePage,
  SubscriptionLag,
  SubscriptionPage,
  SubscriptionView,
} from '../subscriptions.service';

/** Which events a webhook subscription receives; absent lists match everything. */
@ApiSchema({ name: 'SubscriptionFilter' })
export class SubscriptionFilterViewDto implements SubscriptionFilter {
  readonly types?: string[];
  readonly actors?: string[];
  /** Directed dyads, `source~target`. */
  readonly dyads?: string[];
  readonly kinds?: RecordKind[];
}

@ApiSchema({ name: 'SubscriptionLag' })
export class SubscriptionLagDto implements SubscriptionLag {
  /**
   * Events after the checkpoint, not yet acknowledged, counted by the store's filter in
   * one query: exact for `types`, `kinds` and `dyads`; with `actors`, an upper bound.
   */
  readonly events!: number;
}

/** A webhook subscription as the API shows it: never its secret. */
@ApiSchema({ name: 'Subscription' })
export class SubscriptionViewDto implements SubscriptionView {
  readonly id!: string;
  readonly url!: string;
  readonly description!: string | null;
  readonly filter!: SubscriptionFilterViewDto;
  /** `paused` after repeated failures, until an operator resumes it. */
  readonly state!: SubscriptionState;
  /** The last event acknowledged (a position token); null before the first. */
  readonly position!: string | null;
  readonly lag!: SubscriptionLagDto;
  readonly consecutiveFailures!: number;
  readonly pausedReason!: string | null;
  readonly pausedAt!: string | null;
  readonly lastDeliveredAt!: string | null;
  readonly createdAt!: string;
  /** The API key id (`key:…`) that created it, who manages it besides operators; null for subscriptions from before owners were kept (operators only). */
  readonly owner!: string | null;
  /** Until when the secret the last rotation replaced still signs deliveries, beside the new one; null outside a rotation's grace. */
  readonly previousSecretExpiresAt!: string | null;
}

@ApiSchema({ name: 'CreatedSubscription' })
export class CreatedSubscriptionDto extends SubscriptionViewDto implements CreatedSubscription {
  /** Shown once (at creation, or by a rotation): receivers verify the Standard Webhooks signatures with it. */
  readonly secret!: string;
}

@ApiSchema({ name: 'SubscriptionPage' })
export class SubscriptionPageDto implements SubscriptionPage {
  readonly items!: SubscriptionViewDto[];
  /** Always null: every subscription is on the one page. */
  readonly nextCursor!: string | null;
}

/** One failed delivery attempt. */
@ApiSchema({ name: 'DeliveryFailure' })
export class DeliveryFailureDto implements DeliveryFailure {
  @ApiPositionToken() readonly position!: Position;
  readonly eventId!: string;
  readonly attempt!: number;
  /** The receiver's HTTP status, or null when no response came (refused, timed out). */
  readonly status!: number | null;
  readonly error!: string;
  readonly at!: string;
}

@ApiSchema({ name: 'DeliveryFailurePage' })
export class DeliveryFailurePageDto implements DeliveryFailurePage {
  readonly items!: DeliveryFailureDto[];
  readonly nextCursor!: string | null;
}
