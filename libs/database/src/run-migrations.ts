import { DataSource, MigrationExecutor } from 'typeorm';
import { grantAppPrivileges } from './app-privileges';
import { buildDataSourceOptions } from './data-source-options';

const MIGRATION_LOCK = 7_270_001; // arbitrary, fixed: one advisory lock id for Insyn migrations

export interface MigrationOptions {
  /** The app role to give APP_PRIVILEGES once the schema is current (run as the owner). */
  grantTo?: string;
}

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several API instances starting at
 * once do not race, then grants the app role its privileges when asked. Returns the names of the
 * migrations applied.
 */
export async function runMigrations(
  dataSource: DataSource,
  options: MigrationOptions = {},
): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // On the lock's own connection: one connection, released below whatever fails (TypeORM's
    // runMigrations leaks its runner when the role may not create the migrations table).
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    // A database a later release migrated: this build does not know its schema (a rollback).
    const known = new Set(dataSource.migrations.map((m) => m.name ?? m.constructor.name));
    const unknown = (await executor.getExecutedMigrations())
      .map((m) => m.name)
      .filter((name) => !known.has(name));
    if (unknown.length) throw new DatabaseNewerThanBuildError(unknown);
    const applied = await executor.executePendingMigrations();
    if (options.grantTo) await grantAppPrivileges(runner.manager, options.grantTo);
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** The database holds migrations this build does not have: a newer release migrated it. */
export class DatabaseNewerThanBuildError extends Error {
  constructor(readonly migrations: string[]) {
    super(
      `The database was migrated by a newer version of Insyn than this one (${migrations.join(', ')}): run that version, or restore a backup taken before it`,
    );
    this.name = 'DatabaseNewerThanBuildError';
  }
}

/**
 * Where a database stands against this build's migrations, read without writing anything (no
 * lock, no migrations table created): what a command that must not migrate checks.
 * `applied` is empty for a database without Insyn's schema (nothing to lose by migrating it).
 */
export interface MigrationState {
  applied: string[];
  /** This build's migrations not applied yet, in the order they would run. */
  pending: string[];
  /** Applied migrations this build does not have: a newer release migrated the database. */
  unknown: string[];
}

export async function migrationState(dataSource: DataSource): Promise<MigrationState> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [{ exists }] = (await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS exists', [
    table,
  ])) as { exists: boolean }[];
  const applied = exists
    ? (
        (await dataSource.query(`SELECT name FROM "${table}" ORDER BY id`)) as { name: string }[]
      ).map((row) => row.name)
    : [];
  const done = new Set(applied);
  const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  const knownSet = new Set(known);
  return {
    applied,
    pending: known.filter((name) => !done.has(name)),
    unknown: applied.filter((name) => !knownSet.has(name)),
  };
}

/**
 * Migrations are pending on a database that already holds Insyn's schema, and the command may
 * not apply them: the operator backs up first (README, Upgrading), then runs `migrate`.
 */
export class MigrationsPendingError extends Error {
  constructor(readonly migrations: string[]) {
    super(
      `The database needs migrations this version of Insyn brings (${migrations.join(', ')}), and only \`migrate\` applies them: back up the database, then run \`npm run cli -- migrate\` (see README, Upgrading)`,
    );
    this.name = 'MigrationsPendingError';
  }
}

/** A migration the connected role may not apply (it owns nothing: the app role). */
export class MigrationNotPermittedError extends Error {
  constructor(readonly role: string) {
    super(
      `Database migrations are pending and the role "${role}" of DATABASE_URL may not apply them: set DATABASE_MIGRATION_URL to the tables' owner, or run \`migrate\` with it first`,
    );
    this.name = 'MigrationNotPermittedError';
  }
}

/**
 * Brings the schema up to date for an app connected through `app`:
 * - with `migrationUrl` (the tables' owner): migrates through a short-lived connection as the
 *   owner, then grants the app's role (its `current_user`) APP_PRIVILEGES. The app itself never
 *   holds more than those.
 * - without: migrates through the app's own connection (one role owns and serves); a role that
 *   owns nothing can then only confirm that nothing is pending.
 */
export async function migrateDatabase(app: DataSource, migrationUrl?: string): Promise<string[]> {
  const [{ role }] = (await app.query('SELECT current_user AS role')) as { role: string }[];
  if (!migrationUrl) {
    try {
      return await runMigrations(app);
    } catch (error) {
      if ((error as { code?: string }).code === '42501') throw new MigrationNotPermittedError(role);
      throw error;
    }
  }
  const owner = await new DataSource(buildDataSourceOptions(migrationUrl, [], 1)).initialize();
  try {
    const [{ role: ownerRole }] = (await owner.query('SELECT current_user AS role')) as {
      role: string;
    }[];
    return await runMigrations(owner, { grantTo: ownerRole === role ? undefined : role });
  } finally {
    await owner.destroy();
  }
}
