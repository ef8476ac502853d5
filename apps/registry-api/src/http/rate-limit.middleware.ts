import { siteMethodsOf } from '../site/http/method-not-allowed.middleware';
import { sendSiteTooMany } from '../site/http/site-plain-pages';
import type { Request, RequestHandler, Response } from 'express';
import {
  AugmentedRequest,
  ClientRateLimitInfo,
  ipKeyGenerator,
  rateLimit,
  Store,
} from 'express-rate-limit';
import { bearerTokenOf } from '../auth/bearer-token';
import { clientAddress } from './client-address';
import { Logger } from 'pino';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError, ErrorCode } from '@insyn/errors';
import { sendGraphQLError } from './graphql-error-response';
import { LiveTokenCache } from './live-token-cache';
import { PendingTokenLookups } from './pending-token-lookups';
import { RateLimitLeases } from './rate-limit-leases';
import { RateLimitStorage } from './rate-limit-storage';

/** Requests per client and window; generous, against floods rather than users. */
export interface RateLimitOptions {
  /** Requests without a token, per client address and window. */
  limit: number;
  /** Requests with a valid token (staff), per token and window: a budget of its own. */
  tokenLimit: number;
  windowMs: number;
  /** Requests with a token that is refused (unknown, revoked, malformed), per address and window. */
  failedTokenLimit: number;
  /**
   * How long a process keeps a token's answer (live or not) for choosing its budget; not for
   * authentication, which asks the database every time.
   */
  liveTokenCacheMs: number;
  /**
   * While an address is blocked for refused tokens: how often (per process) a token this process
   * does not know to be live may still be looked up from there (see failedTokenLimit).
   */
  blockedLookupMs: number;
}
export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  limit: 600,
  tokenLimit: 6_000,
  windowMs: 60_000,
  failedTokenLimit: 30,
  liveTokenCacheMs: 10_000,
  // No faster than the limit lets an address be refused anyway (60 s / 30).
  blockedLookupMs: 2_000,
};

/**
 * How long a process remembers a token it saw live, for letting it through an address blocked for
 * refused tokens. Only live tokens enter (made-up ones cannot crowd them out), a revoked one is
 * forgotten at its first refusal (a stale entry costs one lookup, never a pass), and an entry
 * ends no later than its token's end date.
 */
const SEEN_LIVE_MS = 24 * 60 * 60_000;

/** What one process knows of tokens, by the rate limit's keyed hash of each. */
interface TokenMemory {
  /** Live or refused, for `liveTokenCacheMs`: the choice of budget. */
  answers: LiveTokenCache;
  /** Seen live lately (SEEN_LIVE_MS): passes an address blocked for refused tokens. */
  seenLive: LiveTokenCache;
}

/**
 * Authenticates the request's bearer token (RequestActors.of, whose answer the authentication
 * guard then reuses): resolves when the token is live; rejects with UNAUTHENTICATED when it is
 * not (and counts the refusal, markAuthenticationFailed), with another error when it could not
 * tell.
 */
export type TokenAuthentication = (req: Request) => Promise<unknown>;

/** What the failed-token limit does when authentication refuses the request's token. */
const ON_AUTHENTICATION_FAILED = Symbol('insyn:on-authentication-failed');
type CountingRequest = { [ON_AUTHENTICATION_FAILED]?: () => void };
/** Settles the request among its address's pending ones (PendingTokenLookups): its token is live. */
const ON_TOKEN_SETTLED = Symbol('insyn:on-token-settled');
type SettlingRequest = { [ON_TOKEN_SETTLED]?: () => void };

/**
 * Called when a request's bearer token is refused (by authentication, or by the rate limit's
 * choice of budget from a recent answer): the refusal counts for the request's address (once,
 * however often it is called). Requests whose token authenticates are never counted, however
 * many are in flight at once.
 */
export function markAuthenticationFailed(req: object): void {
  const request = req as CountingRequest;
  const count = request[ON_AUTHENTICATION_FAILED];
  delete request[ON_AUTHENTICATION_FAILED];
  count?.();
}

/** The request's token is live: it no longer counts among its address's pending ones. */
function settleToken(req: object): void {
  const request = req as SettlingRequest;
  const settle = request[ON_TOKEN_SETTLED];
  delete request[ON_TOKEN_SETTLED];
  settle?.();
}

/**
 * The bearer token a request spends its budget with; none on the site's addresses, which read as
 * the public whatever Authorization says (a staff browser's stale token must not get its pages
 * refused as a refused token's).
 */
const bearerOf = (req: Request) =>
  siteMethodsOf(req.path) ? undefined : bearerTokenOf(req.headers.authorization);
const isHealth = (req: Request) => req.path === '/health' || req.path.startsWith('/health/');
const addressOf = (req: Request) => ipKeyGenerator(clientAddress(req));

/** The key of the request's token bucket, set only when its token is live (tokenBudget). */
const TOKEN_BUCKET = Symbol('insyn:token-bucket');
type BudgetedRequest = Request & { [TOKEN_BUCKET]?: string };
const tokenBucketOf = (req: Request) => (req as BudgetedRequest)[TOKEN_BUCKET];

/** The keyed hash of the request's bearer token, by which the process knows it: once a request. */
const TOKEN_KEY = Symbol('insyn:token-key');
function tokenKeyOf(req: Request, storage: RateLimitStorage, bearer: string): string {
  const keyed = req as Request & { [TOKEN_KEY]?: string };
  return (keyed[TOKEN_KEY] ??= storage.keyOf(`token:${bearer}`));
}

/**
 * The rate limit, as the first middleware of the HTTP server: every request counts, also those
 * later refused for their size, syntax, query limits or authentication. Counted in the shared
 * storage (PostgreSQL or Redis, see RateLimitStorage), so the limits hold in sum across API
 * processes; a client over its limit is then refused from memory until its window ends.
 * `/health` is not limited. Over a limit: HTTP 429 with Retry-After and a GraphQL-shaped body,
 * `extensions.code: RATE_LIMITED`.
 *
 * Buckets: a request with a live bearer token counts for that token, against `tokenLimit` (staff
 * behind the city's NAT do not share the public's bucket, and a bulk load has room); any other
 * (no token, or a token that is made up, revoked or could not be checked) for its client address
 * (`req.ip`: the nearest address not among INSYN_TRUSTED_PROXIES; IPv6 per /56), so made-up
 * tokens buy no bucket of their own (tokenBudget, below). Refused tokens also count per address,
 * and past `failedTokenLimit` that address's token requests are refused before reaching the
 * database (failedTokenLimit, below: only refusals count there, so no burst of good requests
 * locks a token out; tokens the process knows to be live still pass, so one bad script behind
 * an office's NAT does not lock its editors out).
 */
export function rateLimitMiddleware(
  options: RateLimitOptions,
  storage: RateLimitStorage,
  log: Logger,
  authenticate: TokenAuthentication,
): RequestHandler[] {
  const refuse =
    (limit: number, what: string) =>
    (req: Request, res: Response): void => {
      // Once per bucket, window and API process, not for every refused request of a flood.
      if ((req as AugmentedRequest).rateLimit?.used === limit + 1) {
        log.warn(
          { client: req.ip, limit, windowMs: options.windowMs, bucket: what },
          'client over the rate limit',
        );
      }
      const reset = (req as AugmentedRequest).rateLimit?.resetTime;
      const retryAfter = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 1;
      // A reader's browser on a site page gets a page it can read; everything else the JSON.
      if (sendSiteTooMany(req, res, retryAfter)) return;
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
  const store = (keyPrefix: string, points: number) =>
    new LimiterStore(
      storage.limiter({ keyPrefix, points, durationSeconds, blockInMemory: true }),
      points,
    );
  const memory: TokenMemory = {
    answers: new LiveTokenCache(options.liveTokenCacheMs),
    seenLive: new LiveTokenCache(SEEN_LIVE_MS),
  };
  const failedTokens = failedTokenLimit(options, storage, memory, durationSeconds, log);
  const budget = tokenBudget(storage, memory, authenticate, log);
  const perAddress = rateLimit({
    ...common,
    limit: options.limit,
    store: store('http-address', options.limit),
    standardHeaders: 'draft-6',
    skip: (req) => isHealth(req) || tokenBucketOf(req) !== undefined,
    keyGenerator: (req) => storage.keyOf(addressOf(req)),
    handler: refuse(options.limit, 'requests'),
  });
  const perToken = rateLimit({
    ...common,
    limit: options.tokenLimit,
    store: store('http-token', options.tokenLimit),
    standardHeaders: 'draft-6',
    skip: (req) => isHealth(req) || tokenBucketOf(req) === undefined,
    keyGenerator: (req) => tokenBucketOf(req)!,
    handler: refuse(options.tokenLimit, 'requests with this token'),
  });
  return [failedTokens, budget, perAddress, perToken];
}

/**
 * Which budget a request with a bearer token spends: its token's only when the token is live,
 * else its address's (with the anonymous requests from there). A bucket keyed by an unchecked
 * header let anyone escape the address limit by sending a fresh made-up token with each request,
 * since nothing authenticates an operation that reaches no resolver (`{ __typename }`), fails to
 * parse or validate, or is refused by its cost.
 *
 * The answer comes from this process's cache (LiveTokenCache, `liveTokenCacheMs`, both live and
 * refused answers), else from authenticating the request here: the same one SQL statement by the
 * token's keyed hash, whose answer the authentication guard and the cost plugin then reuse, so a
 * request still looks its token up at most once, and a request without a token not at all. A
 * refused token counts as refused (failedTokenLimit) once per request, whether it was refused
 * here, from the cache, or later by authentication. When the token could not be checked (the
 * database is away) the request counts for its address and nothing is kept.
 */
function tokenBudget(
  storage: RateLimitStorage,
  { answers, seenLive }: TokenMemory,
  authenticate: TokenAuthentication,
  log: Logger,
): RequestHandler {
  return (req, _res, next) => {
    const bearer = isHealth(req) ? undefined : bearerOf(req);
    if (bearer === undefined) {
      next();
      return;
    }
    const key = tokenKeyOf(req, storage, bearer);
    const known = answers.get(key);
    if (known !== undefined) {
      if (known) {
        (req as BudgetedRequest)[TOKEN_BUCKET] = key;
        settleToken(req);
      } else markAuthenticationFailed(req);
      next();
      return;
    }
    authenticate(req).then(
      (actor) => {
        // Neither answer outlives the token's end date: past it, the token is looked up again
        // (and refused) rather than kept on its own budget or let through a blocked address.
        const endsAt = expiryOf(actor);
        answers.set(key, true, endsAt);
        seenLive.set(key, true, endsAt);
        (req as BudgetedRequest)[TOKEN_BUCKET] = key;
        settleToken(req);
        next();
      },
      (error: unknown) => {
        if (error instanceof DomainError && error.code === ErrorCode.UNAUTHENTICATED) {
          answers.set(key, false);
          seenLive.delete(key);
        } else {
          log.debug(
            { err: error },
            'could not check a token for its rate limit; counted for its address',
          );
        }
        next();
      },
    );
  };
}

/** The end date (epoch ms) of an authenticated token, or Infinity when it has none. */
function expiryOf(actor: unknown): number {
  const expiresAt = (actor as { expiresAt?: unknown } | null)?.expiresAt;
  return expiresAt instanceof Date ? expiresAt.getTime() : Infinity;
}

/**
 * express-rate-limit's store interface over a rate-limiter-flexible limiter (PostgreSQL or
 * Redis, with an in-memory insurance), taken a few points at a time (RateLimitLeases):
 * express-rate-limit keeps its headers, skips and logging; the limiter keeps the count where
 * every process sees it.
 */
class LimiterStore implements Store {
  readonly localKeys = false;
  private readonly leases: RateLimitLeases;

  constructor(limiter: RateLimiterAbstract, points: number) {
    this.leases = new RateLimitLeases(limiter, points);
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { totalHits, resetTime } = await this.leases.consume(key);
    return { totalHits, resetTime };
  }

  async decrement(key: string): Promise<void> {
    this.leases.giveBack(key);
  }

  async resetKey(key: string): Promise<void> {
    await this.leases.reset(key);
  }
}

/**
 * Refused tokens per address (a guesser's made-up tokens cost a database lookup each). Only a
 * refusal counts, at the moment authentication or the choice of budget makes it
 * (markAuthenticationFailed), not a request in flight: express-rate-limit's
 * skipSuccessfulRequests counts every request when it arrives and takes it back when its answer
 * is sent, so a burst of more than `failedTokenLimit` concurrent requests with a valid token
 * was refused as if its token had failed, and a request whose client hung up before the answer
 * stayed counted. Past the limit, the address's requests with a token are refused (HTTP 429,
 * Retry-After) before authentication, so before the database. The counts live in the shared
 * storage (fixed window from the first refusal), so they hold across API processes. Requests
 * let through and not yet settled count too (PendingTokenLookups), so that a burst sent at once
 * gets no more lookups than the limit: the rest wait for those ahead of them to settle (across
 * processes, each process lets through at most the limit before the storage has the count).
 *
 * Except a token this process knows to be live: one address is often a whole office behind NAT,
 * and one script looping with a revoked token must not lock every editor there out. While the
 * address is blocked, a token this process answered live within `liveTokenCacheMs` or saw live
 * within SEEN_LIVE_MS passes (then authentication looks it up, as for any staff request, and a
 * refusal forgets it); a token known refused does not. Any other token is looked up at most once
 * per `blockedLookupMs` per address and process, none in the block's first interval, so that a
 * live token first used there during the block gets in (and is then known) while a guesser gets
 * no more lookups than the limit allows anyway, never one per request. A token known to be live
 * passes blocked or not, so its requests do not ask the storage whether the address is blocked.
 */
function failedTokenLimit(
  options: RateLimitOptions,
  storage: RateLimitStorage,
  { answers, seenLive }: TokenMemory,
  durationSeconds: number,
  log: Logger,
): RequestHandler {
  const limit = options.failedTokenLimit;
  const store = storage.limiter({ keyPrefix: 'http-failed-token', points: limit, durationSeconds });
  const pending = new PendingTokenLookups();
  /**
   * Blocked addresses as this process saw them: the block's end (warned about once per flood)
   * and when a token not known to be live may next be looked up from there.
   */
  const blocks = new Map<string, { until: number; nextLookup: number }>();
  /** Live or refused as this process knows it (answered lately, or seen live), else undefined. */
  const knownLive = (token: string): boolean | undefined => {
    const answer = answers.get(token);
    if (answer !== undefined) return answer;
    return seenLive.get(token) ? true : undefined;
  };
  const passesBlock = (token: string, block: { nextLookup: number }, now: number): boolean => {
    const known = knownLive(token);
    if (known !== undefined) return known;
    if (block.nextLookup > now) return false;
    block.nextLookup = now + options.blockedLookupMs;
    return true;
  };
  return (req, res, next) => {
    const bearer = isHealth(req) ? undefined : bearerOf(req);
    if (bearer === undefined) {
      next();
      return;
    }
    const key = storage.keyOf(addressOf(req));
    const token = tokenKeyOf(req, storage, bearer);
    /** Lets the request on, counted among the address's pending ones until it settles. */
    const letThrough = (settle = pending.hold(key)) => {
      (req as SettlingRequest)[ON_TOKEN_SETTLED] = settle;
      // A refusal settles once it is counted, which may be after its answer was sent.
      let counting = false;
      res.once('close', () => {
        if (!counting) settle();
      });
      (req as CountingRequest)[ON_AUTHENTICATION_FAILED] = () => {
        counting = true;
        // Refused (e.g. revoked since it was seen live): it no longer passes a block.
        if (answers.get(token) !== false) answers.set(token, false);
        seenLive.delete(token);
        store.penalty(key, 1).then(
          () => settle(),
          (error: unknown) => {
            settle();
            log.error({ err: error }, 'could not count a refused token');
          },
        );
      };
      next();
    };
    const decide = () => {
      // A token this process knows to be live passes whether its address is blocked or not, so
      // its requests (nearly every staff request) need not ask the storage: one round trip
      // fewer before their own token lookup.
      if (knownLive(token) === true) {
        letThrough();
        return;
      }
      // Counted among the pending while it checks, so that of two checks at once each counts
      // the other; the stored count read may already hold refusals still counted as pending
      // here, which errs on the side of waiting.
      const checking = pending.hold(key);
      const others = pending.count(key) - 1;
      store.get(key).then(
        (counted) => {
          const refused = counted?.consumedPoints ?? 0;
          if (counted && refused >= limit) {
            const now = Date.now();
            const resetAt = now + Math.max(0, counted.msBeforeNext);
            let block = blocks.get(key);
            if (block === undefined || block.until < now) {
              for (const [address, { until }] of blocks) if (until < now) blocks.delete(address);
              block = { until: resetAt, nextLookup: now + options.blockedLookupMs };
              blocks.set(key, block);
              log.warn(
                { client: req.ip, limit, windowMs: options.windowMs, bucket: 'refused tokens' },
                'client over the rate limit',
              );
            }
            // Blocked: every waiter is answered now (refused, or its token's lookup is due).
            pending.wakeAll(key);
            if (passesBlock(token, block, now)) {
              letThrough(checking);
              return;
            }
            checking(false);
            res.setHeader(
              'Retry-After',
              String(Math.max(1, Math.ceil((resetAt - Date.now()) / 1000))),
            );
            sendGraphQLError(
              res,
              429,
              ErrorCode.RATE_LIMITED,
              `Too many requests with a refused token: at most ${limit} per ${options.windowMs / 1000} s; try again after the number of seconds in Retry-After`,
            );
            return;
          }
          // Each request let through may yet be refused: no more in flight than the limit has
          // room for. The rest wait for one of those ahead to settle, then check again; with none
          // ahead any more (they settled while this one checked), at once.
          if (refused + others >= limit) {
            checking(false);
            if (pending.count(key) > 0) void pending.waitTurn(key).then(decide);
            else decide();
            return;
          }
          letThrough(checking);
        },
        (error: unknown) => {
          checking();
          next(error);
        },
      );
    };
    decide();
  };
}
