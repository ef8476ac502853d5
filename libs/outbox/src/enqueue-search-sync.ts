import { EntityManager } from 'typeorm';
import { SearchOutboxEntity } from './search-outbox.entity';

/**
 * Records, inside the caller's transaction, that an entry's public view may have changed.
 * The indexer reads the entry's current state, so the reason is for operators only.
 */
export async function enqueueSearchSync(
  manager: EntityManager,
  entryId: string,
  reason: string,
): Promise<void> {
  await manager.insert(SearchOutboxEntity, { entryId, reason });
}
