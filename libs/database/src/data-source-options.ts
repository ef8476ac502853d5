import { Client, ClientConfig } from 'pg';
import { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { preparingQuery } from './prepared-statements';
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

/**
 * How long a caller waits for a free connection of a pool, and how long a session may sit idle
 * inside a transaction before PostgreSQL ends it (both in milliseconds; DATABASE_POOL_TIMEOUT_SECONDS
 * and DATABASE_IDLE_IN_TRANSACTION_SECONDS). Without the first a starved pool hangs every request
 * silently; without the second a stuck transaction keeps its locks for ever.
 */
export interface DatabaseTimeouts {
  poolTimeoutMs: number;
  idleInTransactionMs: number;
  /**
   * How long a statement may go unanswered before its connection is closed (it fails as the
   * connection lost: SERVICE_UNAVAILABLE); DATABASE_QUERY_TIMEOUT_SECONDS. None when absent
   * (migrations, whose index builds may take long).
   */
  queryTimeoutMs?: number;
}

/** The defaults: far above what any request takes, so only a fault ever reaches them. */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  poolTimeoutMs: 30_000,
  idleInTransactionMs: 60_000,
};

/** SQLSTATE of a session PostgreSQL ended for idle_in_transaction_session_timeout. */
export const IDLE_IN_TRANSACTION_ENDED = '25P03';

/** What a pool's sessions tell its owner, to be logged there. */
export interface DatabaseSessionEvents {
  /**
   * PostgreSQL ended one of the pool's sessions for sitting idle in a transaction longer than
   * DATABASE_IDLE_IN_TRANSACTION_SECONDS: the request holding it was stuck. Without this the
   * operator sees only the request's lost connection, not which limit ended it.
   */
  idleInTransactionEnded?: (backendPid: number | undefined) => void;
}

/** The events above as error lines of a logger (pino's, in the API and the indexer). */
export function sessionEventsLoggedTo(log: {
  error(details: object, message: string): void;
}): DatabaseSessionEvents {
  return {
    idleInTransactionEnded: (backendPid) =>
      log.error(
        { code: IDLE_IN_TRANSACTION_ENDED, backendPid },
        'PostgreSQL ended a session idle in a transaction for longer than DATABASE_IDLE_IN_TRANSACTION_SECONDS: the work holding it was stuck, and fails',
      ),
  };
}

/** The message a statement fails with when its connection was closed for not answering. */
export const QUERY_UNANSWERED = 'Connection terminated: the statement went unanswered';

/**
 * pg's Client for the pool (pg-pool's `Client` option): it sends the statements marked by
 * `prepared` as named ones, listens for the server's notice that it ends the session (TypeORM
 * releases a checked-out connection's error silently), and closes a connection whose statement
 * goes unanswered for `queryTimeoutMs`. pg's own `query_timeout` fails the statement but keeps
 * the connection, which still waits for the answer and goes back to the pool unable to run
 * anything (node-postgres#3399); closed, the statement fails as a lost connection does
 * ("Connection terminated…": SERVICE_UNAVAILABLE) and the pool opens a new one.
 */
function poolClient(events: DatabaseSessionEvents, queryTimeoutMs?: number): typeof Client {
  const tell = events.idleInTransactionEnded;
  return class InsynClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      const self = this as unknown as { query: Parameters<typeof preparingQuery>[0] };
      self.query = preparingQuery(self.query);
      if (queryTimeoutMs) self.query = unansweredAfter(this, self.query, queryTimeoutMs);
      if (!tell) return;
      this.on('error', (error: Error & { code?: string }) => {
        if (error.code !== IDLE_IN_TRANSACTION_ENDED) return;
        // Set by the server's BackendKeyData when the session started (not in pg's types).
        const { processID } = this as unknown as { processID?: number };
        tell(processID);
      });
    }
  };
}

/**
 * `query`, closing the client's connection when a statement has not been answered after
 * `timeoutMs` (a statement that waits for a lock counts: past this long it is as stuck), whether
 * its caller awaits a promise (TypeORM) or passes a callback (pg-pool's `pool.query`, which the
 * rate limit's counters use). A query object that streams (a cursor) keeps pg's own handling.
 */
function unansweredAfter(
  client: Client,
  query: Parameters<typeof preparingQuery>[0],
  timeoutMs: number,
): Parameters<typeof preparingQuery>[0] {
  const close = () => {
    const { connection } = client as unknown as {
      connection?: { stream?: { destroy(error?: Error): void } };
    };
    connection?.stream?.destroy(new Error(QUERY_UNANSWERED));
  };
  return function (this: unknown, ...args: unknown[]) {
    const [first] = args;
    if (typeof (first as { submit?: unknown } | null)?.submit === 'function')
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    const timer = setTimeout(close, timeoutMs);
    timer.unref();
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = function (this: unknown, ...answer: unknown[]) {
        clearTimeout(timer);
        return (callback as (...a: unknown[]) => unknown).apply(this, answer);
      };
    }
    const result = (query as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) return result.finally(() => clearTimeout(timer));
    if (typeof callback !== 'function') clearTimeout(timer);
    return result;
  } as Parameters<typeof preparingQuery>[0];
}

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
  timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS,
  events: DatabaseSessionEvents = {},
): DataSourceOptions {
  const extra = {
    Client: poolClient(events, timeouts.queryTimeoutMs),
    max: poolSize,
    min: Math.min(POOL_CONNECTIONS_KEPT_OPEN, poolSize),
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEP_ALIVE_AFTER_MS,
    // pg-pool: a caller waiting this long for a connection (all busy, or a new one not opening)
    // gets an error instead of waiting for ever (isPoolExhausted tells the first case).
    connectionTimeoutMillis: timeouts.poolTimeoutMs,
    // Session settings, on every server (embedded or not, primary and replica). Dates such as
    // review due dates compare in UTC whatever the server's zone; a transaction left idle (a
    // request stuck while holding it) is ended by the server, releasing its locks.
    options: `-c timezone=UTC -c idle_in_transaction_session_timeout=${timeouts.idleInTransactionMs}`,
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
