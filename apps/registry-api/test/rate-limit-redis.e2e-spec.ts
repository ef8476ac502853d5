import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { findFreePort } from '@insyn/embedded-services';
import { LogCapture } from '@insyn/testing';
import { REDIS_AWAY_MESSAGE, REDIS_BACK_MESSAGE } from '../src/http/redis-outage-log';
import { RegistryApiHarness } from './registry-api.harness';

const LIMIT = 4;

/**
 * Debian's redis-server, which npm cannot bring: .ci/run installs it. The one skip the project
 * allows, on a developer's machine without it, never on CI.
 */
function redisServerAvailable(): boolean {
  if (!spawnSync('redis-server', ['--version']).error) return true;
  if (process.env.CI === 'true')
    throw new Error(
      'redis-server is missing on CI: .ci/run must install it (apt-get install -y redis-server)',
    );
  console.warn(
    'Redis rate-limit tests skipped: redis-server is missing. Install it with: sudo apt-get update && sudo apt-get install -y redis-server',
  );
  return false;
}

const describeWithRedis = redisServerAvailable() ? describe : describe.skip;

/** With REDIS_URL the shared counters live in Redis (a real redis-server), not in PostgreSQL. */
describeWithRedis('rate limit counted in Redis (REDIS_URL)', () => {
  let server: ChildProcess;
  let redis: Redis;
  let apis: RegistryApiHarness[] = [];

  beforeAll(async () => {
    const port = await findFreePort();
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    // Commands wait in the client's queue while it retries connecting to the starting server.
    redis = new Redis(port, '127.0.0.1');
    expect(await redis.ping()).toBe('PONG');
    // Two API instances on the one Redis: the limit holds for both together.
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, INSYN_TRUSTED_PROXIES: 'loopback' };
    const options = { rateLimit: { limit: LIMIT, windowMs: 60_000 } };
    apis = [
      await RegistryApiHarness.start('rate-limit-redis-a', env, options),
      await RegistryApiHarness.start('rate-limit-redis-b', env, options),
    ];
  });
  afterAll(async () => {
    for (const api of apis) await api.stop();
    redis?.disconnect();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
  });

  const ask = async (api: RegistryApiHarness) =>
    (
      await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.44' },
        body: JSON.stringify({ query: '{ __typename }' }),
      })
    ).status;

  it('holds the limit in sum across the instances, with the counts in Redis', async () => {
    const statuses = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push(await ask(apis[i % 2]));
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const keys = await redis.keys('http-address:*');
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('198.51.100.44');
    // Nothing was counted in PostgreSQL.
    for (const api of apis)
      expect(await api.app.get(DataSource).query('SELECT * FROM rate_limit')).toEqual([]);
  });

  it('counts made-up tokens for their address in sum across the instances', async () => {
    const statuses = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const response = await fetch(`${apis[i % 2].baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': '198.51.100.45',
          authorization: `Bearer insyn_${randomBytes(32).toString('base64url')}`,
        },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // No token got a bucket of its own.
    expect(await redis.keys('http-token:*')).toEqual([]);
  });
});

/** A redis-server on `port` that keeps nothing, and its exit. */
async function startRedis(
  port: number,
): Promise<{ server: ChildProcess; stop: () => Promise<void> }> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  return {
    server,
    stop: async () => {
      if (server.exitCode !== null || server.signalCode !== null) return;
      server.kill('SIGTERM');
      await once(server, 'exit');
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * REDIS_URL well-formed but Redis away: ioredis printed every reconnect attempt to stderr with a
 * stack (`[ioredis] Unhandled error event`), outside the JSON log, naming no variable.
 */
describeWithRedis('Redis (REDIS_URL) away and back', () => {
  let api: RegistryApiHarness | undefined;
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  const logs = new LogCapture();
  let printed: jest.SpyInstance;

  beforeAll(() => {
    printed = jest.spyOn(console, 'error');
  });
  afterAll(async () => {
    await api?.stop();
    await redis?.stop();
    printed?.mockRestore();
  });

  const logged = (msg: string) =>
    logs.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string })
      .filter((line) => line.msg === msg);

  it('says so in one JSON line while it is away, counting in memory, and in one when it is back', async () => {
    const port = await findFreePort();
    api = await RegistryApiHarness.start(
      'rate-limit-redis-away',
      { REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'info' },
      { logStream: logs, rateLimit: { limit: LIMIT, windowMs: 60_000 } },
    );
    // Several reconnect attempts (0.2 s, then 0.4 s, … apart).
    await pause(3_000);
    const statuses = [];
    for (let i = 0; i < LIMIT + 2; i++)
      statuses.push(
        (
          await fetch(`${api.baseUrl}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.46' },
            body: JSON.stringify({ query: '{ __typename }' }),
          })
        ).status,
      );
    // The limit still holds, counted in this process's memory.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(logged(REDIS_AWAY_MESSAGE)).toEqual([
      expect.objectContaining({ level: 40, reason: 'ECONNREFUSED' }),
    ]);
    expect(logs.text).not.toMatch(/\bat \/|TCPConnectWrap/);
    expect(printed).not.toHaveBeenCalled();

    redis = await startRedis(port);
    for (let waited = 0; !logged(REDIS_BACK_MESSAGE).length && waited < 15_000; waited += 100)
      await pause(100);
    expect(logged(REDIS_BACK_MESSAGE)).toEqual([expect.objectContaining({ level: 30 })]);
    expect(logged(REDIS_AWAY_MESSAGE)).toHaveLength(1);

    // Away again: one line more, however many attempts follow.
    await redis.stop();
    await pause(3_000);
    expect(logged(REDIS_AWAY_MESSAGE)).toHaveLength(2);
    expect(logged(REDIS_BACK_MESSAGE)).toHaveLength(1);
    expect(printed).not.toHaveBeenCalled();
  });
});
