import { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { RateLimitedError } from './rate-limited.error';

/**
 * An operation refused by a throttle is answered HTTP 429 with `Retry-After` (the longest wait of
 * its RATE_LIMITED errors), like the HTTP-layer rate limit; the body stays GraphQL's
 * `{ data, errors }` with `extensions.code: RATE_LIMITED`, so GraphQL clients read it as usual
 * and HTTP clients, proxies and retry logic see the refusal. Other execution errors stay 200.
 * (@nestjs/apollo's own plugin that resets execution errors to 200 is turned off
 * (`preserveHttpStatusForExecutionErrors: false`): it would run after this one.)
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
          if (!wait) return;
          response.http.status = 429;
          response.http.headers.set('retry-after', String(wait));
        },
      };
    },
  };
}
