import { DataSource, EntityManager } from 'typeorm';

/** Runs `work` in the caller's transaction when one is given, else in a new one. */
export function withTransaction<T>(
  dataSource: DataSource,
  outer: EntityManager | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return outer ? work(outer) : dataSource.transaction(work);
}
