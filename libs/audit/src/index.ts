export * from './audit-event.entity';
import { AuditEventEntity } from './audit-event.entity';
export const AUDIT_ENTITIES = [AuditEventEntity];
