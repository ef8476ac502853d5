import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service';

/** Provides the audit writer (`AuditLog`); it writes through the caller's transaction. */
@Module({
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
