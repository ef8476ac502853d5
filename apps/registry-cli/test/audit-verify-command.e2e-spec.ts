import pino from 'pino';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '@insyn/config';
import { INSYN_ENTITIES } from '@insyn/registry';
import { SearchConnection } from '@insyn/search';
import { createTestTokens, TEST_TOKEN_SECRET, TestDatabase, testServers } from '@insyn/testing';
import { CliContext } from '../src/cli-command';
import { COMMANDS } from '../src/commands';

/** `audit:verify` on a real chain: intact, then rewritten by the table's owner. */
describe('audit:verify (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let lines: string[];
  let progress: (string | null)[];
  const context = (): CliContext => ({
    config: loadConfig({ NODE_ENV: 'test', INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET }),
    dataSource,
    search: new SearchConnection(testServers().meiliHost, testServers().meiliMasterKey, 'cli'),
    log: pino({ level: 'silent' }),
    print: (line) => lines.push(line),
    progress: (line) => progress.push(line),
  });
  const run = async (values: Record<string, string> = {}) => {
    lines = [];
    progress = [];
    await COMMANDS.find((c) => c.name === 'audit:verify')!.run(values, context());
    return lines;
  };
  const events = async () =>
    (await dataSource.query(
      `SELECT id::text AS id, hash, actor_label FROM audit_event ORDER BY audit_event.id`,
    )) as { id: string; hash: string; actor_label: string }[];

  /**
   * Runs `sql` as someone above the app role, with triggers off (the append-only trigger
   * included): the cluster's superuser (the app role itself cannot; see least-privilege e2e).
   */
  const asOwner = async (sql: string, params: unknown[]) => {
    const owner = new Client({ connectionString: database.superuserUrl });
    await owner.connect();
    try {
      await owner.query('SET session_replication_role = replica');
      await owner.query(sql, params);
    } finally {
      await owner.end();
    }
  };

  beforeAll(async () => {
    database = await TestDatabase.create('cli-audit-verify');
    dataSource = await database.dataSource(INSYN_ENTITIES);
    // Real actions through the real services: 2 DEPARTMENT_CREATED, 5 PERSON_CREATED and
    // 5 TOKEN_CREATED.
    await createTestTokens(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('verifies an intact chain and prints its head', async () => {
    const all = await events();
    expect(all).toHaveLength(12);
    const out = await run();
    expect(out).toEqual([
      'audit chain intact: 12 events',
      expect.stringMatching(
        new RegExp(
          `^head: event ${all[11].id}, \\d{4}-\\d\\d-\\d\\dT[0-9:.]{15}Z, sha256 ${all[11].hash}$`,
        ),
      ),
    ]);
    // One page: no progress line.
    expect(progress).toEqual([null]);
  });

  it('shows a progress line when the log takes more than one page', async () => {
    await run({ 'page-size': '2' });
    expect(progress.at(-2)).toBe('audit chain: 12 of 12 events checked (100%)');
    expect(progress.at(-1)).toBeNull();
    for (const line of progress.slice(0, -1))
      expect(line).toMatch(/^audit chain: \d+ of 12 events checked \(\d+%\)$/);
  });

  it('checks a head kept from earlier', async () => {
    const head = (await events()).at(-1)!;
    const out = await run({ 'known-head': `${head.id}:${head.hash}` });
    expect(out.at(-1)).toBe(`known head: event ${head.id} still has ${head.hash}`);
    await expect(run({ 'known-head': `${head.id}:${'0'.repeat(64)}` })).rejects.toThrow(
      `the first at event ${head.id}`,
    );
    expect(lines).toContain(`first broken link: event ${head.id} (KNOWN_HEAD_CHANGED)`);
  });

  it('finds an event rewritten by the table owner, and names it and what differs', async () => {
    const victim = (await events())[3];
    await asOwner(`UPDATE audit_event SET actor_label = 'someone else' WHERE id = $1`, [victim.id]);
    try {
      await expect(run()).rejects.toThrow(
        `the audit chain is broken (1 break); the first at event ${victim.id}`,
      );
      expect(lines[0]).toBe('audit chain BROKEN: 1 break among 12 events checked');
      expect(lines[1]).toBe(`first broken link: event ${victim.id} (CONTENT_CHANGED)`);
      expect(lines[2]).toMatch(
        new RegExp(
          `event ${victim.id}: its fields hash to [0-9a-f]{64}, but its stored hash is ${victim.hash}`,
        ),
      );
      expect(lines[4]).toBe(`  found:    ${victim.hash}`);
    } finally {
      await asOwner(`UPDATE audit_event SET actor_label = $1 WHERE id = $2`, [
        victim.actor_label,
        victim.id,
      ]);
    }
    expect((await run())[0]).toBe('audit chain intact: 12 events');
  });

  it('finds an event deleted by the table owner, at the link after it', async () => {
    const all = await events();
    await asOwner(`DELETE FROM audit_event WHERE id = $1`, [all[2].id]);
    await expect(run()).rejects.toThrow(`the first at event ${all[3].id}`);
    expect(lines[1]).toBe(`first broken link: event ${all[3].id} (LINK_BROKEN)`);
    expect(lines[2]).toContain(`is not the hash of event ${all[1].id} before it`);
  });

  it.each([
    [{ 'known-head': '12' }, /--known-head must be EVENT_ID:HASH/],
    [{ 'known-head': `x:${'a'.repeat(64)}` }, /--known-head/],
    [{ 'page-size': '0' }, /--page-size/],
  ])('refuses %j', async (values, message) => {
    await expect(run(values)).rejects.toThrow(message);
  });
});
