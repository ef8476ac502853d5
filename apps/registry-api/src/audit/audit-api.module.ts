import { Module } from '@nestjs/common';
import { AuditModule } from '@insyn/audit';
import { DepartmentsApiModule } from '../departments/departments-api.module';
import { AuditLogResolver } from './audit-log.resolver';

/** The audit log over GraphQL (read only; AUDITOR and ADMIN). */
@Module({
  imports: [AuditModule, DepartmentsApiModule],
  providers: [AuditLogResolver],
})
export class AuditApiModule {}
