import { Module } from '@nestjs/common';
import { AuditModule } from '@insyn/audit';
import { RegistryModule } from '@insyn/registry';
import { DepartmentsApiModule } from '../departments/departments-api.module';
import { AuditChainHeadController } from './audit-chain-head.controller';
import { AuditChainResolver } from './audit-chain.resolver';
import { AuditLogResolver } from './audit-log.resolver';
import { PublicChainHead } from './public-chain-head';

/**
 * The audit log over GraphQL (read only; AUDITOR and ADMIN), and the head of its hash chain
 * (GraphQL `auditChainHead`, `/open-data/audit-chain-head.json`; the public gets the day's).
 */
@Module({
  imports: [AuditModule, RegistryModule, DepartmentsApiModule],
  providers: [AuditLogResolver, AuditChainResolver, PublicChainHead],
  controllers: [AuditChainHeadController],
})
export class AuditApiModule {}
