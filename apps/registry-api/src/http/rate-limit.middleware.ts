import type { RequestHandler } from 'express';
import { AugmentedRequest, rateLimit } from 'express-rate-limit';
import { Logger } from 'pino';
import { ErrorCode } from '@insyn/errors';
import { sendGraphQLError } from './graphql-error-response';

/** Requests per client and window; generous, against floods rather than users. */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
}
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 600, windowMs: 60_000 };

const isHealth = (path: string) => path === '/health' || path.startsWith('/health/');

/**
 * The rate limit, as the first middleware of the HTTP server: every request counts, also those
 * later refused for their size, syntax, query limits or authentication. One bucket per client
 * address (`req.ip`: the first address not among INSYN_TRUSTED_PROXIES; IPv6 per /56), in
 * memory per process. `/health` is not limited. Over the limit: HTTP 429 with Retry-After and
 * a GraphQL-shaped body, `extensions.code: RATE_LIMITED`.
 */
export function rateLimitMiddleware(options: RateLimitOptions, log: Logger): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    skip: (req) => isHealth(req.path),
    // A spoofed X-Forwarded-For from an untrusted peer is expected from the internet: it is
    // ignored (req.ip is the peer), and not worth a log line each time.
    validate: { xForwardedForHeader: false },
    logger: log,
    handler: (req, res) => {
      // Once per client and window, not for every refused request of a flood.
      if ((req as AugmentedRequest).rateLimit?.used === options.limit + 1) {
        log.warn(
          { client: req.ip, limit: options.limit, windowMs: options.windowMs },
          'client over the rate limit',
        );
      }
      sendGraphQLError(
        res,
        429,
        ErrorCode.RATE_LIMITED,
        `Too many requests: at most ${options.limit} per ${options.windowMs / 1000} s; try again after the number of seconds in Retry-After`,
      );
    },
  });
}
