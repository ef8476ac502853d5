import { DepartmentEntity } from './departments/department.entity';
import { EntryRelationEntity } from './relations/entry-relation.entity';
import { EntryRegistrationEntity } from './entries/entry-registration.entity';
import { EntryVersionEntity } from './entries/entry-version.entity';
import { EntryEntity } from './entries/entry.entity';
import { EntrySourceEntity } from './imports/entry-source.entity';
import { PrincipleEntity } from './principles/principle.entity';
import { EntryDraftRevisionEntity } from './workflow/entry-draft-revision.entity';

/** Every TypeORM entity of the registry capability. */
export const REGISTRY_ENTITIES = [
  PrincipleEntity,
  DepartmentEntity,
  EntryEntity,
  EntryVersionEntity,
  EntryRelationEntity,
  EntrySourceEntity,
  EntryRegistrationEntity,
  EntryDraftRevisionEntity,
];
