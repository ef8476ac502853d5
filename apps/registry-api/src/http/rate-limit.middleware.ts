import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { AugmentedRequest, ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { Logger } from 'pino';
import { ErrorCode } from '@insyn/errors';
import { sendGraphQLError } from './graphql-error-response';

/** Requests per client and window; generous, against floods rather than users. */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /** Requests with a token that fails authentication, per address and window. */
  failedTokenLimit: number;
}
export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  limit: 600,
  windowMs: 60_000,
  failedTokenLimit: 30,
};

/** Set by authentication on a request whose bearer token was refused. */
export const AUTHENTICATION_FAILED = Symbol('insyn:authentication-failed');
export function markAuthenticationFailed(req: object): void {
  (req as { [AUTHENTICATION_FAILED]?: true })[AUTHENTICATION_FAILED] = true;
}

const BEARER = /^Bearer +(\S+) *$/i;
const bearerOf = (req: Request) => BEARER.exec(req.headers.authorization ?? '')?.[1];
const isHealth = (req: Request) => req.path === '/health' || req.path.startsWith('/health/');
const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? '');

/**
 * The rate limit, as the first middleware of the HTTP server: every request counts, also those
 * later refused for their size, syntax, query limits or authentication. In memory per process;
 * `/health` is not limited. Over a limit: HTTP 429 with Retry-After and a GraphQL-shaped body,
 * `extensions.code: RATE_LIMITED`.
 *
 * Buckets: a request with a bearer token counts for that token (staff behind the city's NAT do
 * not share the public's bucket); any other for its client address (`req.ip`: the nearest
 * address not among INSYN_TRUSTED_PROXIES; IPv6 per /56). As made-up tokens would each get a
 * fresh bucket, tokens that fail authentication also count per address, and past
 * `failedTokenLimit` that address's token requests are refused before reaching the database.
 */
export function rateLimitMiddleware(options: RateLimitOptions, log: Logger): RequestHandler[] {
  const refuse =
    (limit: number, what: string) =>
    (req: Request, res: Response): void => {
      // Once per bucket and window, not for every refused request of a flood.
      if ((req as AugmentedRequest).rateLimit?.used === limit + 1) {
        log.warn(
          { client: req.ip, limit, windowMs: options.windowMs, bucket: what },
          'client over the rate limit',
        );
      }
      sendGraphQLError(
        res,
        429,
        ErrorCode.RATE_LIMITED,
        `Too many ${what}: at most ${limit} per ${options.windowMs / 1000} s; try again after the number of seconds in Retry-After`,
      );
    };
  const common = {
    windowMs: options.windowMs,
    legacyHeaders: false,
    // A spoofed X-Forwarded-For from an untrusted peer is expected from the internet: it is
    // ignored (req.ip is the peer), and not worth a log line each time.
    validate: { xForwardedForHeader: false },
    logger: log,
  };
  const failedTokens = rateLimit({
    ...common,
    limit: options.failedTokenLimit,
    // For Retry-After; the per-client limiter, next, overwrites the RateLimit-* headers.
    standardHeaders: 'draft-6',
    skip: (req) => isHealth(req) || bearerOf(req) === undefined,
    keyGenerator: addressOf,
    // Only refused tokens stay counted.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (req) =>
      !(req as { [AUTHENTICATION_FAILED]?: true })[AUTHENTICATION_FAILED],
    handler: refuse(options.failedTokenLimit, 'requests with a refused token'),
  });
  const perClient = rateLimit({
    ...common,
    limit: options.limit,
    standardHeaders: 'draft-6',
    skip: isHealth,
    keyGenerator: (req) => {
      const token = bearerOf(req);
      return token
        ? `token:${createHash('sha256').update(token).digest('base64url')}`
        : addressOf(req);
    },
    handler: refuse(options.limit, 'requests'),
  });
  return [failedTokens, perClient];
}
