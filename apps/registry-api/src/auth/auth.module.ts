import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessModule } from '@insyn/access';
import { AuthenticationGuard } from './authentication.guard';
import { RequestActors } from './request-actors';

/**
 * Global guard: authentication and `@Roles`; and `RequestActors`, exported for what runs before
 * any resolver: the query cost plugin (the caller's budget) and the schema disclosure plugin
 * (introspection and suggestions for token holders only); and the rate limit, the first HTTP
 * middleware, which gives a token its own budget only once it is live (it authenticates the
 * request when it has no recent answer for the token) and refuses an address's flood of refused
 * tokens before it reaches the database.
 */
@Module({
  imports: [AccessModule],
  providers: [RequestActors, { provide: APP_GUARD, useClass: AuthenticationGuard }],
  exports: [RequestActors],
})
export class AuthModule {}
