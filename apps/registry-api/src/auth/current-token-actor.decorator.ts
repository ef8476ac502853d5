import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor, ANONYMOUS, requireToken, TokenActor } from '@insyn/access';
import { RequestWithActor } from './current-actor.decorator';
import { httpOf } from './request-of';

/**
 * The request's token holder (typed `TokenActor`); anonymous → UNAUTHENTICATED. For resolvers
 * behind `@Roles(...)`, which already refused anonymous callers.
 */
export const CurrentTokenActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): TokenActor => {
    const actor: Actor = (httpOf(context).req as RequestWithActor).actor ?? ANONYMOUS;
    return requireToken(actor);
  },
);
