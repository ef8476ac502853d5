import pino from 'pino';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  PersonsService,
  recordTokenKeyAtStart,
  recordTokenKeyStopped,
  Role,
  TOKEN_KEY_DIFFERS_MESSAGE,
  tokenKeyFingerprint,
  TokensService,
} from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { loadConfig } from '@insyn/config';
import { INSYN_ENTITIES } from '@insyn/registry';
import { SearchConnection } from '@insyn/search';
import { LogCapture, TEST_TOKEN_SECRET, TestDatabase, testServers } from '@insyn/testing';
import { CliCommand, CliContext } from '../src/cli-command';
import { COMMANDS } from '../src/commands';

describe('token and department commands (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let tokens: TokensService;
  let lines: string[];
  let logs = new LogCapture();
  const context = (): CliContext => ({
    config: loadConfig({ NODE_ENV: 'test', INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET }),
    dataSource,
    search: new SearchConnection(testServers().meiliHost, testServers().meiliMasterKey, 'cli'),
    log: pino({ level: 'warn' }, logs),
    print: (line) => lines.push(line),
    progress: () => undefined,
  });
  const command = (name: string): CliCommand => COMMANDS.find((c) => c.name === name)!;
  const run = async (name: string, values: Record<string, string>) => {
    lines = [];
    logs = new LogCapture();
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

  it('creates an ADMIN token for a new person and prints only the token on the last line', async () => {
    const out = await run('token:create', {
      role: 'ADMIN',
      person: 'Ops',
      email: 'ops@stad.example.se',
      label: 'bootstrap',
    });
    const token = out.at(-1)!;
    expect(token).toMatch(/^insyn_[A-Za-z0-9_-]{43}$/);
    const [person] = await dataSource.query(`SELECT * FROM person WHERE name = 'Ops'`);
    expect(person).toMatchObject({ email: 'ops@stad.example.se' });
    expect(person.created_by_label).toMatch(/^cli/);
    expect(await tokens.authenticate(token)).toMatchObject({
      role: Role.ADMIN,
      label: 'bootstrap',
      personId: person.id,
      departmentId: null,
    });
    expect(out[0]).toContain(`for person ${person.id}`);
    const audit = await dataSource.query(
      `SELECT * FROM audit_event ORDER BY audit_event.id DESC LIMIT 2`,
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'TOKEN_CREATED',
      'PERSON_CREATED',
    ]);
    expect(audit[0]).toMatchObject({ actor_role: 'ADMIN', details: { personId: person.id } });
    expect(audit[0].actor_label).toMatch(/^cli/);
  });

  it('gives an existing person a second token by id; the label is the person’s name by default', async () => {
    const [ops] = await dataSource.query(`SELECT id FROM person WHERE name = 'Ops'`);
    const token = (await run('token:create', { role: 'AUDITOR', 'person-id': ops.id })).at(-1)!;
    expect(await tokens.authenticate(token)).toMatchObject({
      role: Role.AUDITOR,
      label: 'Ops',
      personId: ops.id,
    });
    await expect(run('token:create', { role: 'AUDITOR', person: 'ops' })).rejects.toThrow(
      `--person: a person of this name exists: ${ops.id}`,
    );
  });

  it('prints a label holding a tab escaped, as token:list shows it, not the raw tab', async () => {
    const [ops] = await dataSource.query(`SELECT id FROM person WHERE name = 'Ops'`);
    const out = await run('token:create', {
      role: 'AUDITOR',
      'person-id': ops.id,
      label: 'Ops\tgranskar',
    });
    expect(out[0]).toContain('"Ops\\u0009granskar"');
    expect(out[0]).not.toContain('\t');
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
      await run('token:create', { role: 'editor', person: 'Kim', department: 'trafikkontoret' })
    ).at(-1)!;
    expect(await tokens.authenticate(token)).toMatchObject({
      role: Role.EDITOR,
      departmentId: department.id,
    });
  });

  it.each([
    [{ role: 'EDITOR', person: 'x' }, /--department/],
    [{ role: 'ADMIN', person: 'x', department: 'trafikkontoret' }, /--department/],
    [{ role: 'EDITOR', person: 'x', department: 'nowhere' }, /no department "nowhere"/],
    [{ role: 'ROOT', person: 'x' }, /--role must be one of/],
    [{ role: 'ADMIN', label: 'x' }, /--person NAME .* or --person-id ID .* is required/],
    [{ role: 'ADMIN', person: 'x', 'person-id': 'y' }, /--person and --person-id are both given/],
    [{ role: 'ADMIN', 'person-id': 'y', email: 'a@b.se' }, /--email goes with --person/],
    [
      { role: 'ADMIN', 'person-id': '00000000-0000-4000-8000-000000000000' },
      /--person-id: no such person/,
    ],
    [{ role: 'ADMIN', person: 'x', email: 'not an address' }, /--email: not an e-mail address/],
    [{ role: 'ADMIN', person: 'x', label: '  ' }, /--label: label must be 1 to 120/],
    [{ role: 'ADMIN', person: 'x', label: 'cli:root' }, /--label: label must not be "cli"/],
    [{ role: 'ADMIN', person: 'x', label: ' Cli:Root ' }, /--label: label must not be "cli"/],
    [{ role: 'ADMIN', person: 'cli:root' }, /--label: label is needed/],
  ])('refuses token:create %j, writing nothing', async (values, message) => {
    const count = async () =>
      (
        await dataSource.query(
          `SELECT (SELECT count(*) FROM api_token)::int AS tokens, (SELECT count(*) FROM person)::int AS persons`,
        )
      )[0];
    const before = await count();
    await expect(run('token:create', values as Record<string, string>)).rejects.toThrow(message);
    expect(await count()).toEqual(before);
  });

  it('refuses a token for an existing person named as the CLI operator unless it has a label', async () => {
    const person = await new PersonsService(dataSource, new AuditLog()).create(
      { name: 'cli:ops' },
      'cli:test',
    );
    const before = await dataSource.query(`SELECT count(*)::int AS n FROM api_token`);
    await expect(run('token:create', { role: 'AUDITOR', 'person-id': person.id })).rejects.toThrow(
      /--label: label is needed/,
    );
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM api_token`)).toEqual(before);
    const token = (
      await run('token:create', { role: 'AUDITOR', 'person-id': person.id, label: 'Ops desk' })
    ).at(-1)!;
    expect(await tokens.authenticate(token)).toMatchObject({ label: 'Ops desk' });
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
    const token = (await run('token:create', { role: 'AUDITOR', person: 'To Revoke' })).at(-1)!;
    const actor = await tokens.authenticate(token);
    const list = await run('token:list', {});
    const line = list.find((l) => l.startsWith(actor.tokenId))!;
    expect(line.split('\t')).toEqual([
      actor.tokenId,
      `${token.slice(0, 12)}…`,
      'AUDITOR',
      '-',
      `person ${actor.personId} "To Revoke"`,
      '"To Revoke"',
      'active',
    ]);
    expect(list.join('\n')).not.toContain(token.slice(12));
    await run('token:revoke', { id: actor.tokenId });
    await expect(tokens.authenticate(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const revoked = (await run('token:list', {})).find((l) => l.startsWith(actor.tokenId))!;
    expect(revoked.split('\t').at(-1)).toMatch(/^revoked \S+Z by "cli/);
  });

  it('creates a token that expires in N days, lists its end date, and refuses it once past', async () => {
    const before = Date.now();
    const out = await run('token:create', {
      role: 'REVIEWER',
      person: 'Temp',
      'expires-in-days': '30',
    });
    const token = out.at(-1)!;
    const actor = await tokens.authenticate(token);
    const expiresAt = actor.expiresAt!.getTime();
    const day = 24 * 60 * 60_000;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * day);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * day);
    expect(out[0]).toContain(`expires ${actor.expiresAt!.toISOString()}`);
    const state = async () =>
      (await run('token:list', {}))
        .find((l) => l.startsWith(actor.tokenId))!
        .split('\t')
        .at(-1);
    expect(await state()).toBe(`active until ${actor.expiresAt!.toISOString()}`);

    // Time passes.
    await dataSource.query(`UPDATE api_token SET expires_at = now() WHERE id = $1`, [
      actor.tokenId,
    ]);
    await expect(tokens.authenticate(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await state()).toMatch(/^expired \S+Z$/);
    // Nor can an operator command act as it.
    await expect(tokens.actorOf({ id: actor.tokenId })).rejects.toThrow('has expired');
    await expect(tokens.actorOf({ label: 'Temp' })).rejects.toThrow('was not found');
  });

  it('counts an expired ADMIN token as no other admin: the last live one still cannot be revoked', async () => {
    const [{ id: bootstrap }] = await dataSource.query(
      `SELECT id FROM api_token WHERE label = 'bootstrap'`,
    );
    const live = await dataSource.query(
      `SELECT id FROM api_token WHERE role = 'ADMIN' AND revoked_at IS NULL`,
    );
    expect(live).toEqual([{ id: bootstrap }]);
    const other = (
      await run('token:create', { role: 'ADMIN', person: 'Interim', 'expires-in-days': '1' })
    ).at(-1)!;
    const { tokenId } = await tokens.authenticate(other);
    await dataSource.query(`UPDATE api_token SET expires_at = now() WHERE id = $1`, [tokenId]);
    await expect(tokens.revoke(bootstrap, 'test')).rejects.toMatchObject({ code: 'CONFLICT' });
    // The CLI, on the database, can always make a new one.
    const fresh = (await run('token:create', { role: 'ADMIN', person: 'Successor' })).at(-1)!;
    expect(await tokens.authenticate(fresh)).toMatchObject({ role: Role.ADMIN });
  });

  it.each(['0', '731', '1.5', '7d', '', '-3'])(
    'refuses --expires-in-days %p, writing nothing',
    async (days) => {
      const [{ n: before }] = await dataSource.query(`SELECT count(*)::int AS n FROM api_token`);
      await expect(
        run('token:create', { role: 'AUDITOR', person: `Never ${days}`, 'expires-in-days': days }),
      ).rejects.toThrow('--expires-in-days must be a whole number of days from 1 to 730');
      const [{ n: after }] = await dataSource.query(`SELECT count(*)::int AS n FROM api_token`);
      expect(after).toBe(before);
    },
  );
  it('marks tokens ending within 14 days, and warns when every live ADMIN token does', async () => {
    const soon = (
      await run('token:create', { role: 'AUDITOR', person: 'Soon', 'expires-in-days': '10' })
    ).at(-1)!;
    const { tokenId, expiresAt } = await tokens.authenticate(soon);
    const state = (list: string[], id: string) =>
      list
        .find((l) => l.startsWith(id))!
        .split('\t')
        .at(-1);
    let list = await run('token:list', {});
    expect(state(list, tokenId)).toBe(
      `active until ${expiresAt!.toISOString()} (ends within 14 days)`,
    );
    // Live ADMIN tokens without an end date: no warning.
    expect(logs.text).toBe('');

    // Time passes: every live ADMIN token now ends within 14 days, the last in 13.
    // (TypeORM answers an UPDATE … RETURNING with [rows, count].)
    const [admins] = (await dataSource.query(
      `UPDATE api_token SET expires_at = now() + interval '13 days'
        WHERE role = 'ADMIN' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
        RETURNING id, expires_at AS "expiresAt"`,
    )) as [{ id: string; expiresAt: Date }[], number];
    expect(admins.length).toBeGreaterThan(0);
    list = await run('token:list', {});
    for (const admin of admins)
      expect(state(list, admin.id)).toBe(
        `active until ${admin.expiresAt.toISOString()} (ends within 14 days)`,
      );
    const [warning, ...more] = logs.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ level: 40 });
    expect(warning.msg).toBe(
      `every live ADMIN token ends within 14 days, the last at ${admins[0].expiresAt.toISOString()}: create one (npm run cli -- token:create --role ADMIN …) before then, or no one can administer the registry`,
    );
    // The list's own lines stay as they were: the warning is on stderr (the log).
    expect(list.join('\n')).not.toContain('no one can administer');
  });

  describe('the token key check (API processes in token_key_check)', () => {
    const API_KEY = 'the-api-key-which-is-not-the-cli-key-at-all';
    const count = async () =>
      (await dataSource.query(`SELECT count(*)::int AS n FROM api_token`))[0].n as number;
    /** An API process started with `key`; `stopped`: it stopped since; `minutesAgo`: seen last. */
    const apiProcess = async (
      key: string,
      { stopped = false, minutesAgo = 0 }: { stopped?: boolean; minutesAgo?: number } = {},
    ) => {
      const id = randomUUID();
      await recordTokenKeyAtStart(dataSource, id, key);
      if (stopped) await recordTokenKeyStopped(dataSource, id);
      await dataSource.query(
        `UPDATE token_key_check
            SET started_at = started_at - make_interval(mins => $2),
                last_seen_at = last_seen_at - make_interval(mins => $2),
                stopped_at = stopped_at - make_interval(mins => $2)
          WHERE process_id = $1`,
        [id, minutesAgo],
      );
    };
    const refusal = async (person: string) => {
      const before = await count();
      const error = (await run('token:create', { role: 'AUDITOR', person }).catch(
        (e: unknown) => e,
      )) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message.startsWith(TOKEN_KEY_DIFFERS_MESSAGE)).toBe(true);
      // Nothing made.
      expect(await count()).toBe(before);
      expect(await dataSource.query(`SELECT 1 FROM person WHERE name = $1`, [person])).toEqual([]);
      return error.message;
    };
    const made = async (person: string) => {
      const out = await run('token:create', { role: 'AUDITOR', person });
      expect(await tokens.authenticate(out.at(-1)!)).toMatchObject({ label: person });
    };
    beforeEach(async () => {
      await dataSource.query(`DELETE FROM token_key_check`);
    });

    it('refuses a key no running API process has, saying what it found', async () => {
      await apiProcess(API_KEY);
      expect(await refusal('Wrong key live')).toBe(
        `${TOKEN_KEY_DIFFERS_MESSAGE}: the API processes seen running in the last 3 minutes check tokens with another key, so a token made with it would be refused; give the CLI the API’s INSYN_TOKEN_SECRET`,
      );
      // A process with the CLI's key that stopped, or was last seen 4 minutes ago, runs no more.
      await apiProcess(TEST_TOKEN_SECRET, { stopped: true });
      await apiProcess(TEST_TOKEN_SECRET, { minutesAgo: 4 });
      await refusal('Wrong key live 2');
    });

    it('makes the token when a running API process has its key, whatever one with another key did (probe X4)', async () => {
      // The live API, then a one-off process with another key that started and stopped.
      await apiProcess(TEST_TOKEN_SECRET, { minutesAgo: 1 });
      await apiProcess(API_KEY, { stopped: true });
      await made('Live key after a stray');
      expect(logs.text).toBe('');
      // The stray still running: made, and said on stderr that those processes refuse it.
      await apiProcess(API_KEY);
      await made('Live key beside a stray');
      expect(logs.text).toContain(
        'some API processes seen running in the last 3 minutes check tokens with another key than the CLI’s: they will refuse this token',
      );
    });

    it('with no API process running, goes by the one seen last', async () => {
      await apiProcess(TEST_TOKEN_SECRET, { stopped: true, minutesAgo: 60 });
      await apiProcess(API_KEY, { stopped: true, minutesAgo: 30 });
      const lastSeen = (
        await dataSource.query(`SELECT max(last_seen_at) AS at FROM token_key_check`)
      )[0].at as Date;
      expect(await refusal('Wrong key stopped')).toBe(
        `${TOKEN_KEY_DIFFERS_MESSAGE}: no API process was seen in the last 3 minutes, and the one seen last (${lastSeen.toISOString()}) had another key, so a token made with it would be refused; give the CLI the API’s INSYN_TOKEN_SECRET (when the key is being changed, start the API with the new one first)`,
      );
      // An API with the CLI's key seen after it (crashed 10 minutes ago, never stopped).
      await apiProcess(TEST_TOKEN_SECRET, { minutesAgo: 10 });
      await made('Key seen last');
    });

    it('with none recorded, records its key (as no running process) and makes the token', async () => {
      await made('First key');
      expect(
        await dataSource.query(
          `SELECT fingerprint, stopped_at IS NOT NULL AS stopped FROM token_key_check`,
        ),
      ).toEqual([{ fingerprint: tokenKeyFingerprint(TEST_TOKEN_SECRET), stopped: true }]);
    });
  });
});
