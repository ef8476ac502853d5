import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessModule } from '@insyn/access';
import { AuthenticationGuard } from './authentication.guard';
import { RequestActors } from './request-actors';

/**
 * Global guard: authentication and `@Roles`. (The rate limit runs before it, as the first HTTP
 * middleware, so a flood of guessed tokens is throttled before it reaches the database.)
 * RequestActors is exported for what runs before any resolver (GraphQL plugins).
 */
@Module({
  imports: [AccessModule],
  providers: [RequestActors, { provide: APP_GUARD, useClass: AuthenticationGuard }],
  exports: [RequestActors],
})
export class AuthModule {}
