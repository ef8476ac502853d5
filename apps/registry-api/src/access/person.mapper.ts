import { PersonEntity } from '@insyn/access';
import { PersonObject } from './person.object';

export function toPersonObject(entity: PersonEntity): PersonObject {
  return {
    id: entity.id,
    name: entity.name,
    email: entity.email,
    createdAt: entity.createdAt,
    createdByLabel: entity.createdByLabel,
  };
}
