import { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { PRIMARY_APPLICATION_NAME, REPLICA_APPLICATION_NAME } from './read-routing';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * Connections a pool keeps open however long it idles (pg-pool's `min`). Opening one costs a
 * new server process and a SCRAM exchange: about 24 ms on the embedded server, against 0.3 ms
 * for a statement on an open one. Without it, pg-pool closes every connection after 10 s
 * without work, and the first reader after each lull (most readers of a city's register) waits
 * for that. Connections above this many still close after 10 s idle.
 */
export const POOL_CONNECTIONS_KEPT_OPEN = 2;

/** TCP keep-alive on idle connections, so that a firewall or NAT does not silently drop them. */
const KEEP_ALIVE_AFTER_MS = 60_000;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

/**
 * The one way Insyn connects to PostgreSQL: migrations only, never synchronize. With `readUrl`
 * (DATABASE_READ_URL) a replica pool beside the primary (TypeORM's `replication`); which reads
 * go there is ReadRouting's decision, and without it every query uses the primary.
 */
export function buildDataSourceOptions(
  url: string,
  entities: EntityList,
  poolSize = 10,
  readUrl?: string,
): DataSourceOptions {
  // Dates such as review due dates compare in UTC whatever the server's zone.
  const extra = {
    max: poolSize,
    min: Math.min(POOL_CONNECTIONS_KEPT_OPEN, poolSize),
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEP_ALIVE_AFTER_MS,
    options: '-c timezone=UTC',
  };
  const connection = readUrl
    ? {
        replication: {
          master: { url, applicationName: PRIMARY_APPLICATION_NAME },
          slaves: [{ url: readUrl, applicationName: REPLICA_APPLICATION_NAME }],
          // Nothing reads from the replica unless ReadRouting says so (TypeORM's default would
          // send every SELECT there).
          defaultMode: 'master' as const,
        },
        extra,
      }
    : { url, extra: { ...extra, application_name: PRIMARY_APPLICATION_NAME } };
  return {
    type: 'postgres',
    ...connection,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: false,
  };
}
