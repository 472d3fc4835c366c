import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { SubscriptionCaller } from '../subscriptions.service';

/**
 * The verified principal of the request (the access guard has let it through with the
 * subscriber or operator role), as the subscriptions service asks for it.
 */
export const Caller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SubscriptionCaller => {
    const { principal } = context.switchToHttp().getRequest<FastifyRequest>();
    // The guard sets it on every route that asks for a role; without it, nothing is shown.
    if (principal === undefined) throw new Error('No verified principal on this request');
    return { id: principal.id, operator: principal.roles.has('operator') };
  },
);
