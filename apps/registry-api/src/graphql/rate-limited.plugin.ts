import { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { RateLimitedError } from './rate-limited.error';

/**
 * An operation refused by a throttle carries `Retry-After` (the longest wait of its RATE_LIMITED
 * errors), like the HTTP-layer rate limit. The status stays 200, as for every error raised while
 * executing (@nestjs/apollo resets it so that clients read `{ data, errors }` as usual).
 */
export function rateLimitedPlugin(): ApolloServerPlugin {
  return {
    requestDidStart: async () => {
      let wait = 0;
      return {
        didEncounterErrors: async ({ errors }) => {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (original instanceof RateLimitedError)
              wait = Math.max(wait, original.retryAfterSeconds);
          }
        },
        willSendResponse: async ({ response }) => {
          if (wait) response.http.headers.set('retry-after', String(wait));
        },
      };
    },
  };
}
