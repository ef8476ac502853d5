import { Module } from '@nestjs/common';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditLog } from './audit-log.service';

/**
 * The audit writer (`AuditLog`, writes through the caller's transaction) and reader
 * (`AuditEventsRepository`, needs a TypeORM data source).
 */
@Module({
  providers: [AuditLog, AuditEventsRepository],
  exports: [AuditLog, AuditEventsRepository],
})
export class AuditModule {}
