import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, ANONYMOUS, TokensService } from '@insyn/access';
import { DomainError, ErrorCode, UnauthenticatedError } from '@insyn/errors';
import { markAuthenticationFailed } from '../http/rate-limit.middleware';
import { bearerTokenOf } from './bearer-token';

/** The actor's resolution, kept on the request so that one request authenticates once. */
const RESOLVING = Symbol('insyn:actor');

type ResolvingRequest = Request & { [RESOLVING]?: Promise<Actor> };

/**
 * Who a request comes from: `Authorization: Bearer <token>` resolved into an actor once per
 * request (one SQL statement), whoever asks first: the rate limit choosing the request's budget
 * (when it has no recent answer for the token), the authentication guard, or a GraphQL plugin
 * that runs before any resolver (the query cost plugin for the caller's cost budget, the schema
 * disclosure plugin for introspection). No header → anonymous. A header that is not a live token
 * (malformed, unknown, revoked) rejects with UNAUTHENTICATED, never a silent downgrade to
 * anonymous, and marks the request for the rate limit's count of failed tokens. Tokens are
 * checked against the database every time, so a revocation holds at once.
 */
@Injectable()
export class RequestActors {
  constructor(private readonly tokens: TokensService) {}

  of(req: Request): Promise<Actor> {
    const request = req as ResolvingRequest;
    return (request[RESOLVING] ??= this.resolve(req).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.UNAUTHENTICATED)
        markAuthenticationFailed(req);
      throw error;
    }));
  }

  private async resolve(req: Request): Promise<Actor> {
    const header = req.headers.authorization;
    if (header === undefined) return ANONYMOUS;
    const token = bearerTokenOf(header);
    if (!token) {
      throw new UnauthenticatedError('The Authorization header must be "Bearer <API token>"');
    }
    return this.tokens.authenticate(token);
  }
}
