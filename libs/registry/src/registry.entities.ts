import { PrincipleEntity } from './principles/principle.entity';

/** Every TypeORM entity of the registry capability. */
export const REGISTRY_ENTITIES = [PrincipleEntity];
