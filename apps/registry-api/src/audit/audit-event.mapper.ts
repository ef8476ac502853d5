import { AuditAction, AuditEventEntity } from '@insyn/audit';
import { AuditActorRole } from './audit-actor-role.enum';
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
    actorRole: entity.actorRole as AuditActorRole,
    actorTokenId: entity.actorTokenId,
    entryId: entity.entryId,
    entryVersion: entity.entryVersion,
    departmentId: entity.departmentId,
    details: entity.details,
    prevHash: entity.prevHash,
    hash: entity.hash,
  };
}
