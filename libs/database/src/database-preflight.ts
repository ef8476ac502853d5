import { Client } from 'pg';
import { databaseErrorCause, isDatabaseUnavailable } from './database-unavailable';

/** What the preflight needs of a logger (pino's fits). */
export interface PreflightLogger {
  warn(details: object, message: string): void;
}

export interface PreflightOptions {
  /** How the operator names the database: `DATABASE_URL`, `DATABASE_MIGRATION_URL`. */
  variable: string;
  log: PreflightLogger;
  /** Tries while the server cannot be reached (it may be starting: compose, a failover). */
  attempts?: number;
  delayMs?: number;
  connectTimeoutMs?: number;
  /** The oldest PostgreSQL major version taken (MINIMUM_POSTGRES_MAJOR). */
  minimumMajor?: number;
}

/** The oldest PostgreSQL Insyn runs on (the README's requirements say so). */
export const MINIMUM_POSTGRES_MAJOR = 16;

/** A database named by the operator that refuses or cannot be reached: their matter to fix. */
export class DatabaseUnreachableError extends Error {
  constructor(variable: string, cause: string) {
    super(`${variable}: cannot connect to PostgreSQL (${cause})`);
    this.name = 'DatabaseUnreachableError';
  }
}

/** A database server older than Insyn runs on: the operator's matter, said in one line. */
export class DatabaseTooOldError extends DatabaseUnreachableError {
  constructor(variable: string, version: string, minimumMajor: number) {
    super(variable, '');
    this.message = `${variable}: PostgreSQL ${version} is older than ${minimumMajor}, the oldest Insyn runs on`;
    this.name = 'DatabaseTooOldError';
  }
}

/**
 * Connects once to the database before anything else is built on it, so that an operator's
 * mistake gets one line naming the variable, at once, instead of the framework's retries, each
 * with a stack. A server that cannot be reached yet is tried again (a warning per try, no
 * stack); one that answers with a refusal (a wrong password, an unknown role or database) is not:
 * trying again changes nothing.
 */
export async function checkDatabaseReachable(
  url: string,
  {
    variable,
    log,
    attempts = 10,
    delayMs = 3_000,
    connectTimeoutMs = 5_000,
    minimumMajor = MINIMUM_POSTGRES_MAJOR,
  }: PreflightOptions,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
    // A connection lost after connecting must not crash the process: end() below closes it.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ num: string; version: string }>(
        `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`,
      );
      const major = Math.floor(Number(rows[0].num) / 10_000);
      if (major < minimumMajor)
        throw new DatabaseTooOldError(variable, rows[0].version.split(' ')[0], minimumMajor);
      return;
    } catch (error) {
      if (error instanceof DatabaseTooOldError) throw error;
      const cause = String(
        (error as { message?: unknown }).message ?? databaseErrorCause(error),
      ).slice(0, 300);
      if (!isDatabaseUnavailable(error) || attempt >= attempts)
        throw new DatabaseUnreachableError(variable, cause);
      log.warn(
        { cause: databaseErrorCause(error), attempt, of: attempts },
        `${variable}: PostgreSQL cannot be reached yet; trying again in ${delayMs / 1000} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * The operator's databases checked as `checkDatabaseReachable` checks one: DATABASE_URL,
 * DATABASE_MIGRATION_URL when set (the API and the CLI, which migrate, need both), and the read
 * replica DATABASE_READ_URL when set (its failures had come as the framework's ten retries in one
 * second, each with a stack, naming no variable).
 */
export async function checkConfiguredDatabases(
  databases: { databaseUrl?: string; migrationUrl?: string; readUrl?: string },
  log: PreflightLogger,
): Promise<void> {
  if (databases.databaseUrl)
    await checkDatabaseReachable(databases.databaseUrl, { variable: 'DATABASE_URL', log });
  if (databases.migrationUrl)
    await checkDatabaseReachable(databases.migrationUrl, {
      variable: 'DATABASE_MIGRATION_URL',
      log,
    });
  if (databases.readUrl)
    await checkDatabaseReachable(databases.readUrl, { variable: 'DATABASE_READ_URL', log });
}
