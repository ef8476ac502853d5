export * from './audit-action';
export * from './audit-event.entity';
export * from './audit-events.repository';
export * from './audit-log.service';
export * from './audit.module';
import { AuditEventEntity } from './audit-event.entity';
export const AUDIT_ENTITIES = [AuditEventEntity];
