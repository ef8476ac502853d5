import { Writable } from 'node:stream';
import { DataSource, QueryRunner } from 'typeorm';
import { createTestTokens, eventually, readHealth, TcpProxy, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}
const ERROR = 50;

/** A sink of parsed log lines. */
function logLines(): { lines: LogLine[]; sink: Writable } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, sink };
}

const LEAKS = /SELECT|INSERT|timeout exceeded|pg-pool|\.(js|ts):\d+|stack|driverError/i;
const REGISTER = `mutation { registerAlgorithm(departmentSlug: "department-a", input: { title: "Svältande pool" }) { id } }`;

/**
 * A starved pool (every connection held by a transaction that waits for something that never
 * comes) used to hang every request silently; now the request is refused after
 * DATABASE_POOL_TIMEOUT_SECONDS with SERVICE_UNAVAILABLE and an error line naming the pool.
 */
describe('database pool exhausted', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  const { lines, sink } = logLines();

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'pool-exhausted',
      { LOG_LEVEL: 'info', DATABASE_POOL_TIMEOUT_SECONDS: '1' },
      { logStream: sink },
    );
    tokens = await createTestTokens(api.app.get(DataSource));
  });
  afterAll(async () => {
    await api?.stop();
  });

  /** Takes every connection of the API's own pool, each in an open transaction. */
  async function holdEveryConnection(): Promise<QueryRunner[]> {
    const dataSource = api.app.get(DataSource);
    const poolSize = (dataSource.options as { extra: { max: number } }).extra.max;
    const held: QueryRunner[] = [];
    for (let i = 0; i < poolSize; i++) {
      const runner = dataSource.createQueryRunner();
      await runner.startTransaction();
      await runner.query('SELECT 1');
      held.push(runner);
    }
    return held;
  }

  /** The time an answer took, with a deadline far above the pool timeout (not a hang). */
  async function timed<T>(request: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = Date.now();
    const value = await request();
    return { value, ms: Date.now() - started };
  }

  it('refuses an audited write and a site page after the timeout, logs the pool exhausted, and recovers', async () => {
    const count = async () =>
      Number(
        (
          (await api.app.get(DataSource).query('SELECT count(*) AS n FROM audit_event')) as {
            n: string;
          }[]
        )[0].n,
      );
    const auditedBefore = await count();
    const held = await holdEveryConnection();
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      for (const runner of held) {
        await runner.rollbackTransaction();
        await runner.release();
      }
    };
    try {
      const write = await timed(async () => {
        const response = await fetch(`${api.baseUrl}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${tokens.editorA}`,
          },
          body: JSON.stringify({ query: REGISTER }),
          signal: AbortSignal.timeout(15_000),
        });
        return (await response.json()) as {
          errors?: { message: string; extensions?: Record<string, unknown> }[];
        };
      });
      expect(write.value.errors).toHaveLength(1);
      const [error] = write.value.errors!;
      expect(error.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      expect(error.message).toBe('The registry database is unavailable; try again shortly');
      expect(JSON.stringify(error)).not.toMatch(LEAKS);
      // Not before the timeout; and long before a hang would end (15 s above). A request with a
      // token waits up to three times (the rate limit's counters, which then fall back to memory,
      // its token, the operation): 3 s here.
      expect(write.ms).toBeGreaterThanOrEqual(950);
      expect(write.ms).toBeLessThan(10_000);

      const page = await timed(() =>
        fetch(`${api.baseUrl}/sv/departments`, { signal: AbortSignal.timeout(15_000) }),
      );
      expect(page.value.status).toBe(503);
      expect(page.value.headers.get('retry-after')).toBe('30');
      expect(await page.value.text()).not.toMatch(LEAKS);
      expect(page.ms).toBeLessThan(10_000);

      const exhausted = lines.filter((l) => /pool exhausted/.test(l.msg ?? ''));
      expect(exhausted.map((l) => [l.level, l.msg])).toEqual(
        expect.arrayContaining([
          [ERROR, 'database connection pool exhausted'],
          [ERROR, 'site page unavailable: database connection pool exhausted'],
        ]),
      );
      for (const line of exhausted) expect(JSON.stringify(line)).not.toMatch(/stack|SELECT/);
    } finally {
      await release();
    }

    // The connections free again: the API answers, and the refused write left nothing behind.
    expect(await count()).toBe(auditedBefore);
    const registered = await api.graphql(tokens.editorA).data(REGISTER);
    expect(registered.registerAlgorithm.id).toEqual(expect.any(String));
    expect(await count()).toBeGreaterThan(auditedBefore);
    expect((await fetch(`${api.baseUrl}/sv/departments`)).status).toBe(200);
  });
});

/**
 * A transaction left idle (its request stuck, say waiting for a second connection) is ended by
 * PostgreSQL after DATABASE_IDLE_IN_TRANSACTION_SECONDS, so its locks do not stay held.
 */
describe('a session idle in a transaction', () => {
  let api: RegistryApiHarness;
  const { lines, sink } = logLines();

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'idle-in-transaction',
      { LOG_LEVEL: 'info', DATABASE_IDLE_IN_TRANSACTION_SECONDS: '1' },
      { logStream: sink },
    );
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('is ended by the server, its locks released, and the pool goes on serving', async () => {
    const dataSource = api.app.get(DataSource);
    const stuck = dataSource.createQueryRunner();
    await stuck.startTransaction();
    const [{ pid }] = (await stuck.query(
      'SELECT pg_backend_pid() AS pid, pg_advisory_xact_lock(4711)',
    )) as { pid: number }[];

    // Another session cannot take the lock while the transaction holds it...
    const other = dataSource.createQueryRunner();
    try {
      const tryLock = async () =>
        ((await other.query('SELECT pg_try_advisory_lock(4711) AS got')) as { got: boolean }[])[0]
          .got;
      expect(await tryLock()).toBe(false);
      // ...until the server ends the idle session (well within the poll's 15 s).
      await eventually(
        async () =>
          (
            (await other.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [
              pid,
            ])) as { n: number }[]
          )[0].n,
        (n) => n === 0,
        { what: 'the idle transaction to be ended', timeoutMs: 15_000, intervalMs: 100 },
      );
      expect(await tryLock()).toBe(true);
      await other.query('SELECT pg_advisory_unlock(4711)');
    } finally {
      await other.release();
    }

    // The operator is told which limit ended it (SQLSTATE 25P03), not only of a lost connection.
    const { value: ended } = await eventually(
      async () => lines.filter((l) => l.code === '25P03'),
      (found) => found.length > 0,
      { what: 'the log line of the ended session', timeoutMs: 5_000, intervalMs: 50 },
    );
    expect(ended).toEqual([
      expect.objectContaining({
        level: ERROR,
        msg: expect.stringContaining('DATABASE_IDLE_IN_TRANSACTION_SECONDS'),
        backendPid: pid,
      }),
    ]);
    expect(JSON.stringify(ended)).not.toMatch(LEAKS);

    // The stuck transaction's own next statement fails; releasing it gives the slot back.
    await expect(stuck.query('SELECT 1')).rejects.toThrow();
    await stuck.rollbackTransaction().catch(() => undefined);
    await stuck.release();

    const [{ setting }] = (await dataSource.query(
      `SELECT current_setting('idle_in_transaction_session_timeout') AS setting`,
    )) as { setting: string }[];
    expect(setting).toBe('1s');
    expect(await api.graphql().errorCodes('{ departments { slug } }')).toEqual([]);
  });
});

/**
 * /health answers while a part of the database it reads does not: the outbox's figures are
 * waited for as long as the database ping is (1.5 s), so a monitor gets its answer, never a hang.
 */
describe('health while the outbox cannot be read', () => {
  let api: RegistryApiHarness;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('health-outbox-stuck');
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers degraded, naming the outbox, instead of waiting for it', async () => {
    const blocker = api.app.get(DataSource).createQueryRunner();
    await blocker.startTransaction();
    try {
      // Every read of the outbox now waits for this lock, as it would for a database that hangs.
      await blocker.query('LOCK TABLE search_outbox IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const body = await readHealth(api.baseUrl);
      const elapsed = Date.now() - started;
      expect(body.httpStatus).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.degraded).toContain('searchOutbox');
      expect(body.details.searchOutbox).toMatchObject({
        status: 'down',
        message: 'outbox unreadable',
      });
      expect(body.details.database.status).toBe('up');
      // The deadline, not the lock's end: far below any statement or lock timeout.
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    expect((await readHealth(api.baseUrl)).status).toBe('ok');
  });
});

/**
 * A database that stalls (a stopped process, a network that drops packets) answers nothing and
 * closes nothing: each request used to wait for as long as it stalled. A statement unanswered
 * for DATABASE_QUERY_TIMEOUT_SECONDS now closes its connection, the request is refused with
 * SERVICE_UNAVAILABLE, and the pool serves again once the database does.
 */
describe('a stalled database', () => {
  let api: RegistryApiHarness;
  let proxy: TcpProxy;
  const { lines, sink } = logLines();

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'database-stalled',
      {
        LOG_LEVEL: 'info',
        DATABASE_QUERY_TIMEOUT_SECONDS: '1',
        DATABASE_POOL_TIMEOUT_SECONDS: '2',
      },
      {
        logStream: sink,
        databaseUrl: async (url) => {
          const through = await TcpProxy.before(url);
          proxy = through.proxy;
          return through.url;
        },
      },
    );
  });
  afterAll(async () => {
    proxy?.resume();
    await api?.stop();
    await proxy?.cut();
  });

  // Read from the database each time (departments are kept in memory).
  const READ = '{ entries(first: 1) { totalCount } }';
  const post = async (query: string) => {
    const response = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      // A hang would outlast this by far; the refusal comes after the one-second timeout.
      signal: AbortSignal.timeout(20_000),
    });
    return (await response.json()) as {
      data?: { entries: { totalCount: number } };
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
  };

  it('refuses requests while it stalls, and serves again with every connection when it answers', async () => {
    expect((await post(READ)).data?.entries.totalCount).toEqual(expect.any(Number));
    proxy.stall();
    const [read, page] = await Promise.all([
      post(READ),
      fetch(`${api.baseUrl}/sv/departments`, { signal: AbortSignal.timeout(20_000) }),
    ]);
    expect(read.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['SERVICE_UNAVAILABLE', 'The registry database is unavailable; try again shortly'],
    ]);
    expect(JSON.stringify(read)).not.toMatch(LEAKS);
    expect([page.status, page.headers.get('retry-after')]).toEqual([503, '30']);
    expect(lines.some((l) => l.level === ERROR && /unavailable/.test(l.msg ?? ''))).toBe(true);

    proxy.resume();
    await eventually(
      () => post(READ),
      (answer) => answer.errors === undefined,
      { what: 'reads once the database answers again' },
    );
    // More requests at once than the pool has connections: none was left half open.
    const answers = await Promise.all(Array.from({ length: 25 }, () => post(READ)));
    expect(answers.filter((a) => a.errors !== undefined)).toEqual([]);
  });
});
