import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Actor, ANONYMOUS, requireRole, Role, TokensService } from '@insyn/access';
import { DomainError, ErrorCode, UnauthenticatedError } from '@insyn/errors';
import { markAuthenticationFailed } from '../http/rate-limit.middleware';
import { RequestWithActor } from './current-actor.decorator';
import { httpOf } from './request-of';
import { ROLES_KEY } from './roles.decorator';

const BEARER = /^Bearer +(\S+) *$/i;
/** The actor's resolution, kept on the request so that one request authenticates once. */
const RESOLVING = Symbol('insyn:actor');

type AuthRequest = Request & RequestWithActor & { [RESOLVING]?: Promise<Actor> };

/**
 * Global guard (APP_GUARD): resolves `Authorization: Bearer <token>` into `req.actor` once per
 * request, then enforces `@Roles(...)`. No header → anonymous. A header that is not a live token
 * (malformed, unknown, revoked) → UNAUTHENTICATED, never a silent downgrade to anonymous.
 * Tokens are checked against the database on every request, so a revocation holds at once.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'graphql' && type !== 'http') return true;
    const req = httpOf(context).req as AuthRequest;
    try {
      const actor = await (req[RESOLVING] ??= this.resolve(req));
      req.actor = actor;
      const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (roles?.length) requireRole(actor, ...roles);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.UNAUTHENTICATED)
        markAuthenticationFailed(req);
      throw type === 'http' ? toHttpException(error) : error;
    }
  }

  private async resolve(req: Request): Promise<Actor> {
    const header = req.headers.authorization;
    if (header === undefined) return ANONYMOUS;
    const bearer = BEARER.exec(header);
    if (!bearer) {
      throw new UnauthenticatedError('The Authorization header must be "Bearer <API token>"');
    }
    return this.tokens.authenticate(bearer[1]);
  }
}

/** Controllers and pages answer with HTTP statuses (the GraphQL formatter is not involved). */
function toHttpException(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  if (error.code === ErrorCode.UNAUTHENTICATED) return new UnauthorizedException(error.message);
  if (error.code === ErrorCode.FORBIDDEN) return new ForbiddenException(error.message);
  return error;
}
