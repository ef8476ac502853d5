export * from './actor';
export * from './api-token.entity';
export * from './role';
import { ApiTokenEntity } from './api-token.entity';
export const ACCESS_ENTITIES = [ApiTokenEntity];
