import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import {
  SubscriptionsService,
  type CreatedSubscription,
  type DeliveryFailurePage,
  type StartingPoint,
  type SubscriptionPage,
  type SubscriptionView,
} from '../subscriptions.service';
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

  /** 201 with the secret, which is never shown again. */
  @Post()
  @ApiCreatedResponse({ type: CreatedSubscriptionDto })
  create(@Body() dto: CreateSubscriptionDto): Promise<CreatedSubscription> {
    return this.subscriptions.create({
      url: dto.url,
      ...(dto.filter ? { filter: withoutAbsent(dto.filter) } : {}),
      ...(dto.from ? { from: dto.from as StartingPoint } : {}),
      ...(dto.description !== undefined ? { description: dto.description } : {}),
    });
  }

  @Get()
  @ApiOkResponse({ type: SubscriptionPageDto })
  async list(): Promise<SubscriptionPage> {
    return { items: await this.subscriptions.list(), nextCursor: null };
  }

  @Get(':id')
  @ApiOkResponse({ type: SubscriptionViewDto })
  get(@Param('id') id: string): Promise<SubscriptionView> {
    return this.subscriptions.get(id);
  }

  /** The most recent failed attempts, newest first. */
  @Get(':id/failures')
  @ApiOkResponse({ type: DeliveryFailurePageDto })
  failures(@Param('id') id: string): DeliveryFailurePage {
    return { items: this.subscriptions.failures(id), nextCursor: null };
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: SubscriptionViewDto })
  resume(@Param('id') id: string): Promise<SubscriptionView> {
    return this.subscriptions.resume(id);
  }

  @Post(':id/reset')
  @HttpCode(200)
  @ApiOkResponse({ type: SubscriptionViewDto })
  reset(@Param('id') id: string, @Body() dto: ResetSubscriptionDto): Promise<SubscriptionView> {
    return this.subscriptions.reset(id, dto.position as StartingPoint);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: no more deliveries' })
  delete(@Param('id') id: string): Promise<void> {
    return this.subscriptions.delete(id);
  }
}

/** class-transformer leaves absent fields as own `undefined` properties; the stored filter names only what was sent. */
function withoutAbsent<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
