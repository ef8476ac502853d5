import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { requireRole, Role } from '@insyn/access';
import { DomainError, ErrorCode } from '@insyn/errors';
import { RequestWithActor } from './current-actor.decorator';
import { RequestActors } from './request-actors';
import { httpOf } from './request-of';
import { ROLES_KEY } from './roles.decorator';

/**
 * Global guard (APP_GUARD): resolves the request's actor into `req.actor` (see RequestActors),
 * then enforces `@Roles(...)`.
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
    try {
      const actor = await this.actors.of(req);
      req.actor = actor;
      const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
        context.getHandler(),
        context.getClass(),
      ]);
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
