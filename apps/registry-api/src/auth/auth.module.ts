import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessModule } from '@insyn/access';
import { AuthenticationGuard } from './authentication.guard';
import { RequestActors } from './request-actors';

/**
 * Global guard: authentication and `@Roles`; and `RequestActors`, which the query cost plugin
 * also asks (for the caller's budget) before any resolver runs. (The rate limit runs before
 * both, as the first HTTP middleware, so a flood of guessed tokens is throttled before it
 * reaches the database.)
 */
@Module({
  imports: [AccessModule],
  providers: [RequestActors, { provide: APP_GUARD, useClass: AuthenticationGuard }],
  exports: [RequestActors],
})
export class AuthModule {}
