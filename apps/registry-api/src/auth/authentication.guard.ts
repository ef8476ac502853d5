import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ANONYMOUS, requireRole, Role } from '@insyn/access';
import { DomainError, ErrorCode } from '@insyn/errors';
import { RequestWithActor } from './current-actor.decorator';
import { hasBearerScheme } from './bearer-token';
import { RequestActors } from './request-actors';
import { httpOf } from './request-of';
import { PUBLIC_PAGES_KEY, ROLES_KEY } from './roles.decorator';

/**
 * Global guard (APP_GUARD): puts the request's actor (`RequestActors`: resolved once per
 * request) on `req.actor`, then enforces `@Roles(...)`. No header → anonymous. A header that is
 * not a live token → UNAUTHENTICATED (401 on HTTP routes), except on `@PublicPages()`, which are
 * anonymous whatever the header, and on HTTP routes, which read another scheme than Bearer (a
 * proxy's Basic credentials) as none. Tokens are checked against the database on every request,
 * so a revocation holds at once.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly actors: RequestActors,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'graphql' && type !== 'http') return true;
    const req = httpOf(context).req as Request & RequestWithActor;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_PAGES_KEY, targets)) {
      req.actor = ANONYMOUS;
      return true;
    }
    // The HTTP routes (exports, signs, open data, health) are the public's, linked from the
    // pages: another scheme than Bearer is a proxy's (a staging site's Basic credentials, which
    // the browser sends to every address of the origin), not a token of ours, so it is read as
    // no token. A Bearer that is not a live token is still refused; GraphQL refuses either.
    const header = req.headers.authorization;
    if (type === 'http' && header !== undefined && !hasBearerScheme(header)) {
      req.actor = ANONYMOUS;
      return true;
    }
    try {
      const actor = await this.actors.of(req);
      req.actor = actor;
      const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
      if (roles?.length) requireRole(actor, ...roles);
      return true;
    } catch (error) {
      throw type === 'http' ? toHttpException(error) : error;
    }
  }
}

/** Controllers and pages answer with HTTP statuses (the GraphQL formatter is not involved). */
function toHttpException(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  if (error.code === ErrorCode.UNAUTHENTICATED) return new UnauthorizedException(error.message);
  if (error.code === ErrorCode.FORBIDDEN) return new ForbiddenException(error.message);
  return error;
}
