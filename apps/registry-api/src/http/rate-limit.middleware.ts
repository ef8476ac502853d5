import type { Request, RequestHandler, Response } from 'express';
import {
  AugmentedRequest,
  ClientRateLimitInfo,
  ipKeyGenerator,
  rateLimit,
  Store,
} from 'express-rate-limit';
import { Logger } from 'pino';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode } from '@insyn/errors';
import { sendGraphQLError } from './graphql-error-response';
import { RateLimitStorage } from './rate-limit-storage';

/** Requests per client and window; generous, against floods rather than users. */
export interface RateLimitOptions {
  /** Requests without a token, per client address and window. */
  limit: number;
  /** Requests with a valid token (staff), per token and window: a budget of its own. */
  tokenLimit: number;
  windowMs: number;
  /** Requests with a token that fails authentication, per address and window. */
  failedTokenLimit: number;
}
export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  limit: 600,
  tokenLimit: 6_000,
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
 * later refused for their size, syntax, query limits or authentication. Counted in the shared
 * storage (PostgreSQL or Redis, see RateLimitStorage), so the limits hold in sum across API
 * processes; a client over its limit is then refused from memory until its window ends.
 * `/health` is not limited. Over a limit: HTTP 429 with Retry-After and a GraphQL-shaped body,
 * `extensions.code: RATE_LIMITED`.
 *
 * Buckets: a request with a bearer token counts for that token, against `tokenLimit` (staff
 * behind the city's NAT do not share the public's bucket, and a bulk load has room); any other
 * for its client address (`req.ip`: the nearest
 * address not among INSYN_TRUSTED_PROXIES; IPv6 per /56). As made-up tokens would each get a
 * fresh bucket, tokens that fail authentication also count per address, and past
 * `failedTokenLimit` that address's token requests are refused before reaching the database.
 */
export function rateLimitMiddleware(
  options: RateLimitOptions,
  storage: RateLimitStorage,
  log: Logger,
): RequestHandler[] {
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
  const durationSeconds = Math.max(1, Math.round(options.windowMs / 1000));
  const store = (keyPrefix: string, points: number, blockInMemory: boolean) =>
    new LimiterStore(
      storage.limiter({ keyPrefix, points, durationSeconds, blockInMemory }),
      points,
    );
  const failedTokens = rateLimit({
    ...common,
    limit: options.failedTokenLimit,
    // Points are given back for tokens that turn out good: no refusal from memory.
    store: store('http-failed-token', options.failedTokenLimit, false),
    // For Retry-After; the per-client limiter, next, overwrites the RateLimit-* headers.
    standardHeaders: 'draft-6',
    skip: (req) => isHealth(req) || bearerOf(req) === undefined,
    keyGenerator: (req) => storage.keyOf(addressOf(req)),
    // Only refused tokens stay counted.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (req) =>
      !(req as { [AUTHENTICATION_FAILED]?: true })[AUTHENTICATION_FAILED],
    handler: refuse(options.failedTokenLimit, 'requests with a refused token'),
  });
  const perAddress = rateLimit({
    ...common,
    limit: options.limit,
    store: store('http-address', options.limit, true),
    standardHeaders: 'draft-6',
    skip: (req) => isHealth(req) || bearerOf(req) !== undefined,
    keyGenerator: (req) => storage.keyOf(addressOf(req)),
    handler: refuse(options.limit, 'requests'),
  });
  const perToken = rateLimit({
    ...common,
    limit: options.tokenLimit,
    store: store('http-token', options.tokenLimit, true),
    standardHeaders: 'draft-6',
    skip: (req) => isHealth(req) || bearerOf(req) === undefined,
    keyGenerator: (req) => storage.keyOf(`token:${bearerOf(req)!}`),
    handler: refuse(options.tokenLimit, 'requests with this token'),
  });
  return [failedTokens, perAddress, perToken];
}

/**
 * express-rate-limit's store interface over a rate-limiter-flexible limiter (PostgreSQL or
 * Redis, with an in-memory insurance): express-rate-limit keeps its headers, skips and logging;
 * the limiter keeps the count where every process sees it.
 */
class LimiterStore implements Store {
  readonly localKeys = false;

  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly points: number,
  ) {}

  async increment(key: string): Promise<ClientRateLimitInfo> {
    let state: RateLimiterRes;
    try {
      state = await this.limiter.consume(key, 1);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      state = rejection;
      // Refused from memory (the key is blocked until its window ends): not the first refusal.
      if (state.consumedPoints <= this.points)
        return { totalHits: this.points + 2, resetTime: resetOf(state) };
    }
    return { totalHits: state.consumedPoints, resetTime: resetOf(state) };
  }

  async decrement(key: string): Promise<void> {
    await this.limiter.reward(key, 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

const resetOf = (state: RateLimiterRes) => new Date(Date.now() + Math.max(0, state.msBeforeNext));
