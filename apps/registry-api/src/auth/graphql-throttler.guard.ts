import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { httpOf } from './request-of';

const COUNTED = Symbol('insyn:throttled');

/**
 * Rate limit per client (IP; `trust proxy` decides which) over GraphQL and HTTP: one counter per
 * client for every operation, counted once per HTTP request however many root fields it has.
 * `/health` is not limited. Over the limit: HTTP 429, in GraphQL `TOO_MANY_REQUESTS`.
 */
@Injectable()
export class GraphQLThrottlerGuard extends ThrottlerGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = this.getRequestResponse(context).req as { [COUNTED]?: Promise<boolean> };
    return (req[COUNTED] ??= super.canActivate(context));
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type === 'graphql') return false;
    if (type !== 'http') return true;
    const path = this.getRequestResponse(context).req.path as string | undefined;
    return path === '/health' || !!path?.startsWith('/health/');
  }

  protected override getRequestResponse(context: ExecutionContext) {
    return httpOf(context) as unknown as {
      req: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      res: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
  }

  /** One bucket per client and throttler, shared by every resolver and route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return `${name}:${tracker}`;
  }
}
