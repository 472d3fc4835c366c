import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import {
  SubscriptionsService,
  type CreatedSubscription,
  type DeliveryFailurePage,
  type RotatedSubscription,
  type StartingPoint,
  type SubscriptionCaller,
  type SubscriptionPage,
  type SubscriptionView,
} from '../subscriptions.service';
import { Caller } from './subscription-caller';
import { CreateSubscriptionDto, ResetSubscriptionDto } from './subscriptions.dto';
import { RequireRole } from '../../../auth/access.decorator';
import {
  CreatedSubscriptionDto,
  DeliveryFailurePageDto,
  SubscriptionPageDto,
  SubscriptionViewDto,
} from './subscriptions-responses.dto';

/** Webhook subscriptions: register, read, and the operator's resume and reset. */
@RequireRole('subscriber', 'operator')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  /** 201 with the secret, which is never shown again; 409 when the key holds PARLEY_SUBSCRIPTIONS_PER_KEY already. */
  @Post()
  @ApiCreatedResponse({ type: CreatedSubscriptionDto })
  @ApiConflictResponse({ description: 'This key holds as many subscriptions as it may' })
  create(
    @Body() dto: CreateSubscriptionDto,
    @Caller() caller: SubscriptionCaller,
  ): Promise<CreatedSubscription> {
    return this.subscriptions.create(
      {
        url: dto.url,
        ...(dto.filter ? { filter: withoutAbsent(dto.filter) } : {}),
        ...(dto.from ? { from: dto.from as StartingPoint } : {}),
        ...(dto.description !== undefined ? { description: dto.description } : {}),
      },
      caller,
    );
  }

  /** Every webhook subscription, with its state and progress. */
  @Get()
  @ApiOkResponse({ type: SubscriptionPageDto })
  async list(@Caller() caller: SubscriptionCaller): Promise<SubscriptionPage> {
    return { items: await this.subscriptions.list(caller), nextCursor: null };
  }

  /** One webhook subscription, with its state and progress. */
  @Get(':id')
  @ApiOkResponse({ type: SubscriptionViewDto })
  get(@Param('id') id: string, @Caller() caller: SubscriptionCaller): Promise<SubscriptionView> {
    return this.subscriptions.get(id, caller);
  }

  /** The most recent failed attempts, newest first. */
  @Get(':id/failures')
  @ApiOkResponse({ type: DeliveryFailurePageDto })
  failures(@Param('id') id: string, @Caller() caller: SubscriptionCaller): DeliveryFailurePage {
    return { items: this.subscriptions.failures(id, caller), nextCursor: null };
  }

  /**
   * A new signing secret, answered this once. For PARLEY_WEBHOOK_SECRET_GRACE (24h) each
   * delivery is signed with the old and the new secret, then with the new one only.
   */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: CreatedSubscriptionDto })
  rotateSecret(
    @Param('id') id: string,
    @Caller() caller: SubscriptionCaller,
  ): Promise<RotatedSubscription> {
    return this.subscriptions.rotateSecret(id, caller);
  }

  /** Resumes a paused subscription: deliveries start again where they stopped. */
  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: SubscriptionViewDto })
  resume(@Param('id') id: string, @Caller() caller: SubscriptionCaller): Promise<SubscriptionView> {
    return this.subscriptions.resume(id, caller);
  }

  /** Moves a subscription to another position: the start, now, or a position token. */
  @Post(':id/reset')
  @HttpCode(200)
  @ApiOkResponse({ type: SubscriptionViewDto })
  reset(
    @Param('id') id: string,
    @Body() dto: ResetSubscriptionDto,
    @Caller() caller: SubscriptionCaller,
  ): Promise<SubscriptionView> {
    return this.subscriptions.reset(id, dto.position as StartingPoint, caller);
  }

  /** Deletes a subscription: no more deliveries. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: no more deliveries' })
  delete(@Param('id') id: string, @Caller() caller: SubscriptionCaller): Promise<void> {
    return this.subscriptions.delete(id, caller);
  }
}

/** class-transformer leaves absent fields as own `undefined` properties; the stored filter names only what was sent. */
function withoutAbsent<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
