import { ApiTokenEntity } from '@insyn/access';
import { ApiTokenObject } from './api-token.object';

export function toApiTokenObject(entity: ApiTokenEntity): ApiTokenObject {
  return {
    id: entity.id,
    label: entity.label,
    role: entity.role,
    departmentId: entity.departmentId,
    prefix: entity.prefix,
    createdAt: entity.createdAt,
    createdByLabel: entity.createdByLabel,
    revokedAt: entity.revokedAt,
    lastUsedAt: entity.lastUsedAt,
  };
}
