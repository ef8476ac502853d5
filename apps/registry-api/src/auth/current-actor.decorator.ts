import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor, ANONYMOUS } from '@insyn/access';

/** The request's actor, as the authentication guard resolved it (anonymous without a token). */
export interface RequestWithActor {
  actor?: Actor;
}

export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const request =
      context.getType<string>() === 'graphql'
        ? GqlExecutionContext.create(context).getContext<{ req: RequestWithActor }>().req
        : context.switchToHttp().getRequest<RequestWithActor>();
    return request.actor ?? ANONYMOUS;
  },
);
