import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { resolveContactSecret } from '@insyn/access';
import { InsynConfig } from '@insyn/config';
import { RateLimitStorage } from './rate-limit-storage';
import { logRedisOutages, reconnectDelayMs } from './redis-outage-log';

const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

/**
 * The shared storage of every throttle (the HTTP rate limit, the concern throttles): PostgreSQL,
 * or Redis when REDIS_URL is set.
 */
@Global()
@Module({})
export class RateLimitModule implements OnApplicationShutdown {
  /** `log` hears when Redis (REDIS_URL) goes away and comes back. */
  static forRoot(log: Logger): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        {
          provide: RATE_LIMIT_REDIS,
          inject: [InsynConfig],
          useFactory: (config: InsynConfig): Redis | null => {
            if (!config.REDIS_URL) return null;
            // Without an offline queue a command fails at once while Redis is away, and the
            // limiter's in-memory insurance counts instead (rate-limiter-flexible's advice).
            const redis = new Redis(config.REDIS_URL, {
              enableOfflineQueue: false,
              maxRetriesPerRequest: 1,
              retryStrategy: reconnectDelayMs,
            });
            logRedisOutages(redis, log);
            return redis;
          },
        },
        {
          provide: RateLimitStorage,
          inject: [DataSource, InsynConfig, RATE_LIMIT_REDIS],
          useFactory: (dataSource: DataSource, config: InsynConfig, redis: Redis | null) =>
            new RateLimitStorage(dataSource, resolveContactSecret(config), redis ?? undefined),
        },
      ],
      exports: [RateLimitStorage],
    };
  }

  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
