import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseNewerThanBuildError } from './run-migrations';

/** How often a running process looks whether the database was migrated past it. */
export const SCHEMA_CHECK_MS = 2_000;

/**
 * Whether a newer release migrated the database while this process runs. A process compares the
 * schema with its build only at its start (migrateDatabase); `migrate`, or a newer API starting,
 * may migrate beside it later, and it would go on reading and indexing by its older rules (a
 * field a new release withholds stayed in the search documents it wrote). One small query (the
 * applied migrations this build does not have) at most every `checkEveryMs`. Once newer, it stays
 * newer without asking again: no later state of the database makes this process current.
 */
export class SchemaVersionWatch {
  private newer: string[] = [];
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking?: Promise<string[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly checkEveryMs = SCHEMA_CHECK_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the last check found migrations this build does not have (no query). */
  get outdated(): boolean {
    return this.newer.length > 0;
  }

  /** The applied migrations this build does not have, as of a check at most `checkEveryMs` old. */
  async newerMigrations(): Promise<string[]> {
    if (this.outdated || this.now() - this.checkedAt < this.checkEveryMs) return this.newer;
    // Concurrent callers (an indexer's pipeline, /health) share one query.
    this.checking ??= this.read().finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** Throws DatabaseNewerThanBuildError once a newer release migrated the database. */
  async assertCurrent(): Promise<void> {
    const newer = await this.newerMigrations();
    if (newer.length) throw new DatabaseNewerThanBuildError(newer);
  }

  private async read(): Promise<string[]> {
    // The build's migrations, known once the data source is initialised.
    const known = this.dataSource.migrations.map((m) => m.name ?? m.constructor.name);
    // A data source without migrations (a migration's own test) has no version to compare.
    if (!known.length) return this.newer;
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    // On the driver's pool itself, not a TypeORM query runner: a check a request set off in the
    // background (outdatedProcessGuard) is no statement of that request's, or of the next.
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const { rows } = await pool.query<{ name: string }>(
      `SELECT name FROM "${table}" WHERE NOT (name = ANY($1::text[])) ORDER BY id`,
      [known],
    );
    this.newer = rows.map((r) => r.name);
    this.checkedAt = this.now();
    return this.newer;
  }
}
