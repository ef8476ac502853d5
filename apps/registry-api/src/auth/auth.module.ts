import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessModule } from '@insyn/access';
import { AuthenticationGuard } from './authentication.guard';
import { GraphQLThrottlerGuard } from './graphql-throttler.guard';

/** Requests allowed per client (IP) and minute; generous, against floods rather than users. */
export const REQUESTS_PER_MINUTE = 600;

/**
 * Global guards, in this order: the rate limit, then authentication and `@Roles`.
 * (A flood of guessed tokens is throttled before it reaches the database.)
 */
@Module({
  imports: [
    AccessModule,
    ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: REQUESTS_PER_MINUTE }] }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: GraphQLThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
})
export class AuthModule {}
