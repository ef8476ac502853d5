import { createHmac, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../graphql/rate-limited.error';

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
 * Throttles for the anonymous concern operations, with rate-limiter-flexible's in-memory
 * limiters (per process, like the HTTP rate limit). The client is the HTTP rate limit's: `req.ip`
 * from INSYN_TRUSTED_PROXIES (Express's `trust proxy`), IPv6 per /56, so a spoofed
 * X-Forwarded-For from an untrusted peer changes nothing. Addresses are kept only as a keyed hash
 * (a random key per process), and only until their window ends (the limiter drops expired keys).
 */
export class ConcernThrottle {
  private readonly filePerClient: RateLimiterMemory;
  private readonly fileGlobal: RateLimiterMemory;
  private readonly codeMisses: RateLimiterMemory;
  private readonly key = randomBytes(32);

  constructor(private readonly options: ConcernThrottleOptions = DEFAULT_CONCERN_THROTTLE) {
    const limiter = ({ points, windowSeconds }: ThrottleLimit, keyPrefix: string) =>
      new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix });
    this.filePerClient = limiter(options.filePerClient, 'file');
    this.fileGlobal = limiter(options.fileGlobal, 'file-all');
    this.codeMisses = limiter(options.codeMissesPerClient, 'code');
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

  private async consume(limiter: RateLimiterMemory, key: string, message: string): Promise<void> {
    try {
      await limiter.consume(key, 1);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw limited(rejection, message);
      throw rejection;
    }
  }

  private clientOf(req: Request): string {
    const address = ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown', 56);
    return createHmac('sha256', this.key).update(address).digest('base64url');
  }
}

function limited(state: RateLimiterRes, message: string): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return new RateLimitedError(seconds, `${message}; try again in ${seconds} s`);
}
