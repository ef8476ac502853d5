import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessModule } from '@insyn/access';
import { AuthenticationGuard } from './authentication.guard';

/**
 * Global guard: authentication and `@Roles`. (The rate limit runs before it, as the first HTTP
 * middleware, so a flood of guessed tokens is throttled before it reaches the database.)
 */
@Module({
  imports: [AccessModule],
  providers: [{ provide: APP_GUARD, useClass: AuthenticationGuard }],
})
export class AuthModule {}
