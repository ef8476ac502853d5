import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, QueryRunner, ReplicationMode } from 'typeorm';

/** The application_name of each pool, to tell their connections apart in pg_stat_activity. */
export const PRIMARY_APPLICATION_NAME = 'insyn';
export const REPLICA_APPLICATION_NAME = 'insyn-replica';

interface ReadScope {
  /** Set by the first write (or anything that needs the primary): later reads stay there. */
  primary: boolean;
}

const LEADING_COMMENTS = /^\s*(\/\*[\s\S]*?\*\/\s*)*/;
const PLAIN_SELECT = /^(\(\s*)*SELECT\b/i;
const LOCKING = /\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE|KEY\s+SHARE)\b|\bpg_advisory|\bnextval\s*\(/i;

/** A statement from its first word on, past leading block comments (`prepared` marks with one). */
export function withoutLeadingComments(sql: string): string {
  return sql.replace(LEADING_COMMENTS, '');
}

/** A statement that only reads and takes no lock (anything else counts as a write). */
export function isPlainRead(sql: string): boolean {
  return PLAIN_SELECT.test(withoutLeadingComments(sql)) && !LOCKING.test(sql);
}

/**
 * Which pool serves a read when DATABASE_READ_URL names a replica (TypeORM's `replication`).
 * Outside a read scope everything goes to the primary, as without a replica. Inside one (a
 * public request: the transport decides), plain reads go to the replica until the first write
 * or transaction of that request, or `usePrimary()`; from then on reads stay on the primary, so
 * a writer reads its own writes within the request. Writes always go to the primary.
 *
 * Installed on the data source: TypeORM asks `defaultReplicationModeForReads()` for each
 * SELECT of a query builder or `find`; raw `dataSource.query` reads follow the same rule.
 */
export class ReadRouting {
  private readonly scopes = new AsyncLocalStorage<ReadScope>();

  /** Runs `fn` (and all it starts) with plain reads on the replica until the first write. */
  runOnReplica<T>(fn: () => T): T {
    return this.scopes.run({ primary: false }, fn);
  }

  /** From now on, this scope reads from the primary (a mutation is about to run, a write ran). */
  usePrimary(): void {
    const scope = this.scopes.getStore();
    if (scope) scope.primary = true;
  }

  /** Where a read issued now goes. */
  get readMode(): ReplicationMode {
    const scope = this.scopes.getStore();
    return scope && !scope.primary ? 'slave' : 'master';
  }

  /** Routes the data source's reads by this scope; nothing changes without a replica. */
  install(dataSource: DataSource): void {
    if (!(dataSource.driver.options as { replication?: unknown }).replication) return;
    const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
    dataSource.defaultReplicationModeForReads = () => this.readMode;
    dataSource.createQueryRunner = (mode: ReplicationMode = 'master'): QueryRunner => {
      const runner = createQueryRunner(mode);
      if (mode === 'slave') return runner;
      // On the primary: a write or a transaction keeps the rest of the scope there.
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, ...rest: unknown[]) => {
        if (!isPlainRead(sql)) this.usePrimary();
        return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
      }) as QueryRunner['query'];
      const startTransaction = runner.startTransaction.bind(runner);
      runner.startTransaction = (...args: Parameters<QueryRunner['startTransaction']>) => {
        this.usePrimary();
        return startTransaction(...args);
      };
      return runner;
    };
    const query = dataSource.query.bind(dataSource);
    dataSource.query = (async (sql: string, parameters?: unknown[], queryRunner?: QueryRunner) => {
      if (queryRunner || this.readMode !== 'slave' || !isPlainRead(sql))
        return query(sql, parameters, queryRunner);
      const replica = createQueryRunner('slave');
      try {
        return await replica.query(sql, parameters);
      } finally {
        await replica.release();
      }
    }) as DataSource['query'];
  }
}
