import { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from '@insyn/errors';

/**
 * PostgreSQL rolled the whole transaction back because it collided with another one:
 * `deadlock_detected` (two writes each holding a row the other waits for, e.g. two entries
 * linked to each other at the same moment) or `serialization_failure`. Running it again is safe.
 */
const COLLISIONS = new Set(['40P01', '40001']);

/** Runs of a transaction that keeps colliding, before the caller is told to try again. */
export const TRANSACTION_ATTEMPTS = 3;

/** Whether an error (or the driver error TypeORM wraps) is a collision with another transaction. */
export function isTransactionCollision(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  return COLLISIONS.has(String(code ?? driverError?.code ?? ''));
}

/**
 * Runs `work` in the caller's transaction when one is given (the caller's own retry decides),
 * else in a new one, run again when PostgreSQL rolled it back for colliding with another
 * (`isTransactionCollision`); `work` must therefore do nothing outside the transaction that a
 * second run would get wrong. A transaction still colliding after TRANSACTION_ATTEMPTS runs is
 * refused with CONFLICT: nothing was written, and the same request later will do.
 */
export async function withTransaction<T>(
  dataSource: DataSource,
  outer: EntityManager | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (outer) return work(outer);
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (!isTransactionCollision(error)) throw error;
      if (attempt >= TRANSACTION_ATTEMPTS)
        throw new ConflictError(
          'Another change to the same records was being saved at the same moment; nothing was changed: try again',
        );
    }
  }
}
