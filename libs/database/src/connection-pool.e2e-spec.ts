import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { eventually, TestDatabase } from '@insyn/testing';
import {
  buildDataSourceOptions,
  POOL_CONNECTIONS_KEPT_OPEN,
  PRIMARY_APPLICATION_NAME,
} from '@insyn/database';

describe('the connection pool after a lull', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let observer: Client;
  beforeAll(async () => {
    database = await TestDatabase.create('pool');
    const options = buildDataSourceOptions(database.url, [], 5);
    // pg-pool's idle timeout is 10 s; a short one shows the same rule without the wait.
    dataSource = await new DataSource({
      ...options,
      extra: { ...(options.extra as object), idleTimeoutMillis: 50 },
    } as typeof options).initialize();
    observer = new Client({ connectionString: database.superuserUrl });
    await observer.connect();
  });
  afterAll(async () => {
    await observer?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  const openConnections = async () =>
    (
      await observer.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = $1 ORDER BY pid`,
        [PRIMARY_APPLICATION_NAME],
      )
    ).rows.map((r) => r.pid);

  it('keeps connections open however long it idles, so the next reader does not wait for a new one', async () => {
    // Five statements at once: five connections.
    const busy = await Promise.all(
      Array.from({ length: 5 }, () =>
        dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)'),
      ),
    );
    expect(new Set(busy.map(([row]) => row.pid)).size).toBe(5);

    // Idle: those above the kept ones close; the kept ones stay.
    const { value: kept } = await eventually(
      openConnections,
      (pids) => pids.length <= POOL_CONNECTIONS_KEPT_OPEN,
      {
        what: 'the idle connections above the kept ones to close',
      },
    );
    expect(kept).toHaveLength(POOL_CONNECTIONS_KEPT_OPEN);
    // Well past the idle timeout they are still there (a poll that must keep seeing them).
    await expect(
      eventually(openConnections, (pids) => pids.length < POOL_CONNECTIONS_KEPT_OPEN, {
        timeoutMs: 500,
      }),
    ).rejects.toThrow(/timed out/);

    // The next statements run on the kept connections: no new server process, no new login.
    const next = await Promise.all(
      Array.from({ length: 2 }, () =>
        dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid, pg_sleep(0.01)'),
      ),
    );
    expect(next.map(([row]) => row.pid).sort((a, b) => a - b)).toEqual(kept);
  });

  it('asks for TCP keep-alive on them, so that a dropped idle connection is noticed', () => {
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    expect(pool.options).toMatchObject({ keepAlive: true, min: POOL_CONNECTIONS_KEPT_OPEN });
  });
});
