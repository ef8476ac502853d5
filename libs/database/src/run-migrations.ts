import { DataSource } from 'typeorm';

const MIGRATION_LOCK = 7_270_001; // arbitrary, fixed: one advisory lock id for Insyn migrations

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several API instances starting at
 * once do not race. Returns the names of the migrations applied.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
