import type { Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { clientAddress } from '../http/client-address';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../graphql/rate-limited.error';
import { RateLimitStorage } from '../http/rate-limit-storage';

/** Points per window, per client or for everyone. */
export interface ThrottleLimit {
  points: number;
  windowSeconds: number;
}

/** The throttles of the anonymous concern operations. */
export interface ConcernThrottleOptions {
  /** `fileConcern` per client. */
  filePerClient: ThrottleLimit;
  /** `fileConcern` from everyone together (a flood from many addresses). */
  fileGlobal: ThrottleLimit;
  /** Lookups by code (`concern`, `eraseConcern`) that found nothing, per client. */
  codeMissesPerClient: ThrottleLimit;
}

export const DEFAULT_CONCERN_THROTTLE: ConcernThrottleOptions = {
  filePerClient: { points: 10, windowSeconds: 3600 },
  fileGlobal: { points: 300, windowSeconds: 60 },
  codeMissesPerClient: { points: 30, windowSeconds: 900 },
};

/** Injection token of the throttle settings. */
export const CONCERN_THROTTLE_OPTIONS = Symbol('CONCERN_THROTTLE_OPTIONS');

const GLOBAL = 'all';

/**
 * Throttles for the anonymous concern operations, with rate-limiter-flexible's limiters on the
 * shared storage (RateLimitStorage: PostgreSQL or Redis), so that each limit holds in sum across
 * API processes. The client is the HTTP rate limit's: `req.ip` from INSYN_TRUSTED_PROXIES
 * (Express's `trust proxy`), IPv6 per /56, so a spoofed X-Forwarded-For from an untrusted peer
 * changes nothing. Addresses are stored only as a keyed hash, and only until their window ends
 * (expired rows are deleted).
 */
export class ConcernThrottle {
  private readonly filePerClient: RateLimiterAbstract;
  private readonly fileGlobal: RateLimiterAbstract;
  private readonly codeMisses: RateLimiterAbstract;

  constructor(
    private readonly storage: RateLimitStorage,
    options: ConcernThrottleOptions = DEFAULT_CONCERN_THROTTLE,
  ) {
    // Points are given back (a refused filing, a found code): no refusal from memory.
    const limiter = ({ points, windowSeconds }: ThrottleLimit, keyPrefix: string) =>
      storage.limiter({ keyPrefix, points, durationSeconds: windowSeconds });
    this.filePerClient = limiter(options.filePerClient, 'concern-file');
    this.fileGlobal = limiter(options.fileGlobal, 'concern-file-all');
    this.codeMisses = limiter(options.codeMissesPerClient, 'concern-code');
  }

  /** Counts a filing (the client's, then everyone's); RATE_LIMITED when over either. */
  async fileConcern(req: Request): Promise<void> {
    const client = this.clientOf(req);
    await this.consume(this.filePerClient, client, 'Too many concerns filed from your address');
    try {
      await this.consume(this.fileGlobal, GLOBAL, 'Too many concerns are being filed right now');
    } catch (error) {
      // Refused for everyone: the client's own budget is not spent on it.
      await this.filePerClient.reward(client, 1).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Gives back a filing's count (`fileConcern`) when what it let through was filed already: the
   * same submission, filed at once by another process. Best effort: a count not given back
   * costs one filing of the client's budget, never a concern.
   */
  async fileConcernUndone(req: Request): Promise<void> {
    await Promise.all([
      this.filePerClient.reward(this.clientOf(req), 1),
      this.fileGlobal.reward(GLOBAL, 1),
    ]).catch(() => undefined);
  }

  /**
   * Counts a lookup by code before it runs (so parallel guesses count too); RATE_LIMITED over the
   * limit. A lookup that finds its concern gives the point back (`codeFound`): misses are counted.
   */
  async codeLookup(req: Request): Promise<void> {
    await this.consume(
      this.codeMisses,
      this.clientOf(req),
      'Too many unknown codes from your address',
    );
  }

  async codeFound(req: Request): Promise<void> {
    await this.codeMisses.reward(this.clientOf(req), 1);
  }

  private async consume(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
    try {
      await limiter.consume(key, 1);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw limited(rejection, message);
      throw rejection;
    }
  }

  private clientOf(req: Request): string {
    return this.storage.keyOf(ipKeyGenerator(clientAddress(req), 56));
  }
}

function limited(state: RateLimiterRes, message: string): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return new RateLimitedError(seconds, `${message}; try again in ${seconds} s`);
}
