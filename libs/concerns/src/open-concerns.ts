import { EntityManager } from 'typeorm';
import { OPEN_CONCERN_STATUSES } from './concern-enums';

/**
 * Which of these entries have open concerns (RECEIVED, ACKNOWLEDGED, UNDER_REVIEW): what the
 * search document's `hasOpenConcerns` says. Plain SQL through the caller's manager, so the
 * indexer reads it in the same snapshot as the entry.
 */
export async function entriesWithOpenConcerns(
  manager: EntityManager,
  entryIds: readonly string[],
): Promise<Set<string>> {
  if (!entryIds.length) return new Set();
  const rows: { entry_id: string }[] = await manager.query(
    `SELECT DISTINCT entry_id FROM concern
     WHERE entry_id = ANY($1::uuid[]) AND status = ANY($2::text[])`,
    [entryIds, OPEN_CONCERN_STATUSES],
  );
  return new Set(rows.map((r) => r.entry_id));
}
