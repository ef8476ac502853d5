import { EntityManager } from 'typeorm';

/**
 * Records, inside the caller's transaction, that an entry's public view may have changed.
 * The indexer reads the entry's current state, so the reason is for operators only. Plain SQL
 * naming its two columns (TypeORM's insert names every column of the entity): a release's
 * migration run against an older schema (as its tests do) writes outbox rows too.
 */
export async function enqueueSearchSync(
  manager: EntityManager,
  entryId: string,
  reason: string,
): Promise<void> {
  await manager.query('INSERT INTO search_outbox (entry_id, reason) VALUES ($1, $2)', [
    entryId,
    reason,
  ]);
}
