export * from './enqueue-search-sync';
export * from './search-dead-letter.entity';
export * from './search-outbox.entity';
export * from './enqueue-mail';
export * from './mail-outbox.entity';

import { MailOutboxEntity } from './mail-outbox.entity';
import { SearchDeadLetterEntity } from './search-dead-letter.entity';
import { SearchOutboxEntity } from './search-outbox.entity';
export const OUTBOX_ENTITIES = [SearchOutboxEntity, SearchDeadLetterEntity, MailOutboxEntity];
