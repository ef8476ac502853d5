import type { EntityManager } from 'typeorm';

/** Advisory lock id of the PART_OF hierarchy (see lockPartOfHierarchy). */
const PART_OF_LOCK = 7_270_040;

/**
 * Takes the PART_OF hierarchy's lock to the transaction's end. A PART_OF link and an entry's first
 * publication (which may bring links into public view) are checked for cycles one at a time, so
 * two steps that each look fine alone cannot together close one. Taken before any row lock: a
 * step holding this lock may wait for an entry's row, so none may wait for it while holding one.
 */
export async function lockPartOfHierarchy(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [PART_OF_LOCK]);
}
