import { Module } from '@nestjs/common';
import { AuditModule } from '@insyn/audit';
import { DepartmentsApiModule } from '../departments/departments-api.module';
import { AuditChainHeadController } from './audit-chain-head.controller';
import { AuditChainResolver } from './audit-chain.resolver';
import { AuditLogResolver } from './audit-log.resolver';

/**
 * The audit log over GraphQL (read only; AUDITOR and ADMIN), and the public head of its hash
 * chain (GraphQL `auditChainHead`, `/open-data/audit-chain-head.json`).
 */
@Module({
  imports: [AuditModule, DepartmentsApiModule],
  providers: [AuditLogResolver, AuditChainResolver],
  controllers: [AuditChainHeadController],
})
export class AuditApiModule {}
