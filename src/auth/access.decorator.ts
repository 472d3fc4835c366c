import { SetMetadata } from '@nestjs/common';
import type { Role } from '../config/roles';

/** What a route asks of its caller: one of some roles, or nothing (and why not). */
export type AccessRule = { readonly roles: readonly Role[] } | { readonly public: string };

export const ACCESS_METADATA = 'parley:access';

/**
 * The route (or every route of the controller) answers a key holding any of these
 * roles; others get 403, and a request without a valid key 401.
 */
export const RequireRole = (...roles: [Role, ...Role[]]): ClassDecorator & MethodDecorator =>
  SetMetadata<string, AccessRule>(ACCESS_METADATA, { roles });

/**
 * The route answers anyone. The reason is required so that opening a route is a
 * decision written next to it, not an omission (an undeclared route stops the start).
 */
export const Public = (reason: string): ClassDecorator & MethodDecorator =>
  SetMetadata<string, AccessRule>(ACCESS_METADATA, { public: reason });
