import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { findFreePort } from '@insyn/embedded-services';
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
