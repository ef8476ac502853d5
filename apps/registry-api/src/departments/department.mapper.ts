import { DepartmentEntity } from '@insyn/registry';
import { DepartmentObject } from './department.object';

export function toDepartmentObject(entity: DepartmentEntity): DepartmentObject {
  return { id: entity.id, slug: entity.slug, nameSv: entity.nameSv, nameEn: entity.nameEn };
}
