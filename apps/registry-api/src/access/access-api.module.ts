import { Module } from '@nestjs/common';
import { AccessModule } from '@insyn/access';
import { DepartmentsApiModule } from '../departments/departments-api.module';
import { ApiTokensResolver } from './api-tokens.resolver';

/** API token management over GraphQL (ADMIN only). */
@Module({
  imports: [AccessModule, DepartmentsApiModule],
  providers: [ApiTokensResolver],
})
export class AccessApiModule {}
