import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ConflictError } from '@insyn/errors';
import { TRANSACTION_ATTEMPTS, withTransaction } from './with-transaction';

/** A data source whose transactions fail with each of `failures` in turn, then succeed. */
function dataSourceFailing(failures: unknown[]) {
  const runs: number[] = [];
  const dataSource = {
    transaction: async <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => {
      runs.push(runs.length + 1);
      const failure = failures.shift();
      if (failure) throw failure;
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
  return { dataSource, runs };
}

const collision = (code: string) =>
  new QueryFailedError(
    'UPDATE entry …',
    [],
    Object.assign(new Error('deadlock detected'), { code }),
  );

describe('withTransaction', () => {
  it('runs a transaction again that PostgreSQL rolled back for a deadlock or a serialization failure', async () => {
    const { dataSource, runs } = dataSourceFailing([collision('40P01'), collision('40001')]);
    await expect(withTransaction(dataSource, undefined, async () => 'done')).resolves.toBe('done');
    expect(runs).toEqual([1, 2, 3]);
  });

  it('refuses with CONFLICT, saying nothing changed, after colliding every time', async () => {
    const failures = Array.from({ length: TRANSACTION_ATTEMPTS }, () => collision('40P01'));
    const { dataSource, runs } = dataSourceFailing(failures);
    const refusal = withTransaction(dataSource, undefined, async () => 'never');
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toThrow(/nothing was changed: try again/);
    expect(runs).toHaveLength(TRANSACTION_ATTEMPTS);
  });

  it('passes any other failure on at once, and leaves a caller’s transaction to its caller', async () => {
    const unique = collision('23505');
    const { dataSource, runs } = dataSourceFailing([unique]);
    await expect(withTransaction(dataSource, undefined, async () => 'x')).rejects.toBe(unique);
    expect(runs).toEqual([1]);
    const outer = {} as EntityManager;
    const deadlock = collision('40P01');
    await expect(
      withTransaction(dataSource, outer, async (m) => {
        expect(m).toBe(outer);
        throw deadlock;
      }),
    ).rejects.toBe(deadlock);
    expect(runs).toEqual([1]);
  });
});
