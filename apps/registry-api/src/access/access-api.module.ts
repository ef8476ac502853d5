import { Module } from '@nestjs/common';
import { AccessModule } from '@insyn/access';
import { DepartmentsApiModule } from '../departments/departments-api.module';
import { ApiTokensResolver } from './api-tokens.resolver';
import { PersonLoaders } from './person.loaders';
import { PersonsResolver } from './persons.resolver';

/** API tokens and their persons over GraphQL (ADMIN manages; AUDITOR and ADMIN list). */
@Module({
  imports: [AccessModule, DepartmentsApiModule],
  providers: [ApiTokensResolver, PersonsResolver, PersonLoaders],
})
export class AccessApiModule {}
