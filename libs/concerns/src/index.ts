export * from './concern-codes';
export * from './concern-enums';
export * from './concern-mail';
export * from './concern-mail-reference';
export * from './concern-secrets';
export * from './concern.entity';
export * from './concern.errors';
export * from './concern-answer.entity';
export * from './concerns.repository';
export * from './concerns.service';
export * from './concerns.module';
export * from './concerns-worker';
export * from './contact-email';
export * from './contact-retention';
export * from './erased-contact-mail';
export * from './open-concerns';

import { ConcernAnswerEntity } from './concern-answer.entity';
import { ConcernEntity } from './concern.entity';
/** Every TypeORM entity of the concerns capability (apps add them to INSYN_ENTITIES). */
export const CONCERN_ENTITIES = [ConcernEntity, ConcernAnswerEntity];
