import { Module } from '@nestjs/common';
import { InsynConfig } from '@insyn/config';
import { AuditModule } from '@insyn/audit';
import { PersonsService } from './persons.service';
import { resolveTokenKey, TOKEN_KEY } from './token-key';
import { TokensService } from './tokens.service';

/**
 * API tokens for Nest apps. Needs the global `InsynConfig` (ConfigModule.forRoot) and a TypeORM
 * data source; the token key comes from `resolveTokenKey(config)`.
 */
@Module({
  imports: [AuditModule],
  providers: [
    { provide: TOKEN_KEY, useFactory: resolveTokenKey, inject: [InsynConfig] },
    TokensService,
    PersonsService,
  ],
  exports: [TokensService, PersonsService],
})
export class AccessModule {}
