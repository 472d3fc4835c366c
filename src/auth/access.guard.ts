import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException, problemType, type Problem } from '../http/problem';
import { ACCESS_METADATA, type AccessRule } from './access.decorator';
import { ApiKeyRing, type Principal } from './api-keys';
import { credentialsOf } from './request-principal';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, set by {@link AccessGuard} on routes that ask for a role. */
    principal?: Principal;
  }
}

/**
 * Lets a request through when its route is public or its key holds one of the
 * route's roles. Applied to every route (APP_GUARD); a route without a rule cannot
 * exist (RouteCatalog refuses to start), and would be refused here too.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRing,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rule !== undefined && 'public' in rule) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const { presented, principal } = credentialsOf(request, this.keys);
    if (principal === undefined) {
      void http.getResponse<FastifyReply>().header('www-authenticate', bearerChallenge(presented));
      throw new ProblemException(unauthorizedProblem(presented));
    }
    const allowed = rule?.roles ?? [];
    if (!allowed.some((role) => principal.roles.has(role))) {
      throw new ProblemException({
        type: problemType('forbidden'),
        title: 'Not allowed',
        status: 403,
        detail: `This route needs a key with the role ${allowed.join(' or ')}; this key holds ${[...principal.roles].join(', ')}`,
        requiredRoles: allowed,
      });
    }
    request.principal = principal;
    return true;
  }
}

/** The 401 for a request without a key parley knows (`presented`: the key it sent, if any). */
export function unauthorizedProblem(presented: string | undefined): Problem {
  return {
    type: problemType('unauthorized'),
    title: 'Authentication is required',
    status: 401,
    detail: presented
      ? 'The API key in Authorization is not one this service knows'
      : 'Send an API key as Authorization: Bearer <key>',
  };
}

/** The `WWW-Authenticate` challenge that goes with {@link unauthorizedProblem} (RFC 6750 §3). */
export function bearerChallenge(presented: string | undefined): string {
  return `Bearer realm="parley"${presented ? ', error="invalid_token"' : ''}`;
}
