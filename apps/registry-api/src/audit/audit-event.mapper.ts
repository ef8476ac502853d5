import { Role } from '@insyn/access';
import { AuditAction, AuditEventEntity } from '@insyn/audit';
import { AuditEventObject } from './audit-event.object';

export function toAuditEventObject(
  entity: AuditEventEntity,
  occurredAtHashed: string,
): AuditEventObject {
  return {
    id: entity.id,
    occurredAt: entity.occurredAt,
    occurredAtHashed,
    action: entity.action as AuditAction,
    actorLabel: entity.actorLabel,
    actorRole: entity.actorRole as Role,
    actorTokenId: entity.actorTokenId,
    entryId: entity.entryId,
    entryVersion: entity.entryVersion,
    departmentId: entity.departmentId,
    details: entity.details,
    prevHash: entity.prevHash,
    hash: entity.hash,
  };
}
