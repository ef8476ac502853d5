import { createHmac } from 'node:crypto';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
} from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { RATE_LIMIT_TABLE } from '@insyn/database';

/** One throttle: `points` per `durationSeconds` and key. */
export interface LimiterSpec {
  /** Distinguishes this throttle's keys from the others' in the shared table. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  /**
   * Once a key is over its limit, refuse it from memory until its window ends, without asking the
   * store (a flood from one client then costs no database round trip). Not for throttles whose
   * points are given back (a refused key stays refused here even after a reward elsewhere).
   */
  blockInMemory?: boolean;
}

/** The Redis client RateLimiterRedis takes (ioredis). */
export type RateLimitRedisClient = object;

/**
 * Where every throttle counts, so that a limit holds in sum across API processes: PostgreSQL by
 * default (rate-limiter-flexible's RateLimiterPostgres on the table `rate_limit`, created by a
 * migration), or Redis when REDIS_URL is set. Each limiter has an in-memory insurance limiter:
 * should the store fail, the process goes on counting on its own (per process) rather than
 * refusing or letting everything through.
 *
 * Keys are stored as keyed hashes (HMAC from INSYN_CONTACT_SECRET, which every process of one
 * registry shares), never as addresses or tokens.
 */
export class RateLimitStorage {
  private readonly hashKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    secret: string,
    private readonly redis?: RateLimitRedisClient,
  ) {
    this.hashKey = createHmac('sha256', secret).update('insyn:rate-limit-keys').digest();
  }

  /** Which store counts: `postgres` or `redis`. */
  get store(): 'postgres' | 'redis' {
    return this.redis ? 'redis' : 'postgres';
  }

  limiter(spec: LimiterSpec): RateLimiterAbstract {
    const common = {
      keyPrefix: spec.keyPrefix,
      points: spec.points,
      duration: spec.durationSeconds,
      inMemoryBlockOnConsumed: spec.blockInMemory ? spec.points + 1 : undefined,
      insuranceLimiter: new RateLimiterMemory({
        keyPrefix: spec.keyPrefix,
        points: spec.points,
        duration: spec.durationSeconds,
      }),
    };
    if (this.redis) return new RateLimiterRedis({ ...common, storeClient: this.redis });
    return new RateLimiterPostgres({
      ...common,
      // TypeORM's primary pool (driver.master): counting is a write, never for a replica.
      storeClient: this.dataSource,
      storeType: 'typeorm',
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      clearExpiredByTimeout: true,
    });
  }

  /** How a client (an address, a token) is named in the store. */
  keyOf(client: string): string {
    return createHmac('sha256', this.hashKey).update(client).digest('base64url');
  }
}
