import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor, ANONYMOUS } from '@insyn/access';

/** The request's actor, as the authentication guard resolved it (anonymous without a token). */
export interface RequestWithActor {
  actor?: Actor;
}

/** The GraphQL context of a request (what a field resolver receives as its third argument). */
export interface GraphQLRequestContext {
  req: RequestWithActor;
}

/** The request's actor from the GraphQL context (for field resolvers without decorators). */
export const actorOf = (context: GraphQLRequestContext): Actor => context.req.actor ?? ANONYMOUS;

export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor =>
    context.getType<string>() === 'graphql'
      ? actorOf(GqlExecutionContext.create(context).getContext<GraphQLRequestContext>())
      : (context.switchToHttp().getRequest<RequestWithActor>().actor ?? ANONYMOUS),
);
