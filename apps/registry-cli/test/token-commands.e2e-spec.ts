import pino from 'pino';
import { DataSource } from 'typeorm';
import { Role, TokensService } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { loadConfig } from '@insyn/config';
import { INSYN_ENTITIES } from '@insyn/registry';
import { SearchConnection } from '@insyn/search';
import { TEST_TOKEN_SECRET, TestDatabase, testServers } from '@insyn/testing';
import { CliCommand, CliContext } from '../src/cli-command';
import { COMMANDS } from '../src/commands';

describe('token and department commands (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let tokens: TokensService;
  let lines: string[];
  const context = (): CliContext => ({
    config: loadConfig({ NODE_ENV: 'test', INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET }),
    dataSource,
    search: new SearchConnection(testServers().meiliHost, testServers().meiliMasterKey, 'cli'),
    log: pino({ level: 'silent' }),
    print: (line) => lines.push(line),
    progress: () => undefined,
  });
  const command = (name: string): CliCommand => COMMANDS.find((c) => c.name === name)!;
  const run = async (name: string, values: Record<string, string>) => {
    lines = [];
    await command(name).run(values, context());
    return lines;
  };

  beforeAll(async () => {
    database = await TestDatabase.create('cli-tokens');
    dataSource = await database.dataSource(INSYN_ENTITIES);
    tokens = new TokensService(dataSource, TEST_TOKEN_SECRET, new AuditLog());
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('creates an ADMIN token and prints only the token on the last line', async () => {
    const out = await run('token:create', { role: 'ADMIN', label: 'bootstrap' });
    const token = out.at(-1)!;
    expect(token).toMatch(/^insyn_[A-Za-z0-9_-]{43}$/);
    expect(await tokens.authenticate(token)).toMatchObject({
      role: Role.ADMIN,
      label: 'bootstrap',
      departmentId: null,
    });
    const [audit] = await dataSource.query(`SELECT * FROM audit_event ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ action: 'TOKEN_CREATED', actor_role: 'ADMIN' });
    expect(audit.actor_label).toMatch(/^cli/);
  });

  it('creates a department, then an EDITOR token for it', async () => {
    const out = await run('department:create', {
      slug: 'trafikkontoret',
      'name-sv': 'Trafikkontoret',
      'name-en': 'Transport Office',
    });
    expect(out.join('\n')).toMatch(/trafikkontoret/);
    const [department] = await dataSource.query(
      `SELECT id FROM department WHERE slug = 'trafikkontoret'`,
    );
    const token = (
      await run('token:create', { role: 'editor', label: 'Kim', department: 'trafikkontoret' })
    ).at(-1)!;
    expect(await tokens.authenticate(token)).toMatchObject({
      role: Role.EDITOR,
      departmentId: department.id,
    });
  });

  it.each([
    [{ role: 'EDITOR', label: 'x' }, /--department/],
    [{ role: 'ADMIN', label: 'x', department: 'trafikkontoret' }, /--department/],
    [{ role: 'EDITOR', label: 'x', department: 'nowhere' }, /no department "nowhere"/],
    [{ role: 'ROOT', label: 'x' }, /--role must be one of/],
    [{ role: 'ADMIN' }, /--label is required/],
  ])('refuses token:create %j, writing nothing', async (values, message) => {
    const [before] = await dataSource.query(`SELECT count(*)::int AS n FROM api_token`);
    await expect(run('token:create', values as Record<string, string>)).rejects.toThrow(message);
    const [after] = await dataSource.query(`SELECT count(*)::int AS n FROM api_token`);
    expect(after.n).toBe(before.n);
  });

  it('refuses a department slug that is taken or malformed', async () => {
    const names = { 'name-sv': 'A', 'name-en': 'B' };
    await expect(run('department:create', { slug: 'trafikkontoret', ...names })).rejects.toThrow(
      /already exists/,
    );
    await expect(run('department:create', { slug: 'Bad Slug', ...names })).rejects.toThrow(/slug/);
    await expect(run('department:create', { slug: 'ok' })).rejects.toThrow(/--name-sv, --name-en/);
  });

  it('lists tokens without secrets and revokes one', async () => {
    const token = (await run('token:create', { role: 'AUDITOR', label: 'to revoke' })).at(-1)!;
    const actor = await tokens.authenticate(token);
    const list = await run('token:list', {});
    expect(list.join('\n')).toContain(actor.tokenId);
    expect(list.join('\n')).not.toContain(token.slice(12));
    await run('token:revoke', { id: actor.tokenId });
    await expect(tokens.authenticate(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
