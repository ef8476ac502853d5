import { ApiTokenEntity } from '@insyn/access';
import { ApiTokenObject } from './api-token.object';

export function toApiTokenObject(entity: ApiTokenEntity): ApiTokenObject {
  return {
    id: entity.id,
    label: entity.label,
    personId: entity.personId,
    role: entity.role,
    departmentId: entity.departmentId,
    prefix: entity.prefix,
    createdAt: entity.createdAt,
    createdByLabel: entity.createdByLabel,
    revokedAt: entity.revokedAt,
    revokedByLabel: entity.revokedByLabel,
    lastUsedAt: entity.lastUsedAt,
    expiresAt: entity.expiresAt,
  };
}
