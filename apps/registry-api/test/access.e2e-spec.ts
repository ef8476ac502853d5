import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { TokensService } from '@insyn/access';
import { AuditAction, AuditLog } from '@insyn/audit';
import { ConflictError } from '@insyn/errors';
import { DepartmentsService } from '@insyn/registry';
import { createTestTokens, TEST_TOKEN_SECRET, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    token
    apiToken { id label role prefix createdAt createdByLabel revokedAt department { slug } person { id name } }
  }
}`;
const REVOKE_TOKEN = `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`;
const CREATE_DEPARTMENT = `mutation($input: CreateDepartmentInput!) {
  createDepartment(input: $input) { id slug nameSv nameEn name(language: sv) }
}`;

describe('authentication, roles, departments and API tokens (GraphQL over HTTP)', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let unique = 0;
  const next = (prefix: string) => `${prefix}-${++unique}`;

  const count = async (table: 'department' | 'person' | 'api_token' | 'audit_event') =>
    Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const counts = async () => ({
    department: await count('department'),
    person: await count('person'),
    api_token: await count('api_token'),
    audit_event: await count('audit_event'),
  });
  const lastAudit = async () =>
    (await db.query(`SELECT * FROM audit_event ORDER BY id DESC LIMIT 1`))[0] as Record<
      string,
      any
    >;

  /** A new EDITOR token for department A, made by the admin over GraphQL. */
  const newEditorToken = async () =>
    (
      await api.graphql(tokens.admin).data(CREATE_TOKEN, {
        input: {
          personName: next('editor'),
          role: 'EDITOR',
          departmentSlug: 'department-a',
        },
      })
    ).createApiToken as { token: string; apiToken: { id: string } };

  beforeAll(async () => {
    api = await RegistryApiHarness.start('access');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
  });
  afterAll(async () => {
    await api?.stop();
  });

  describe('tokens', () => {
    it('creates a token that authenticates at once, and stops it at once when revoked', async () => {
      const created = await newEditorToken();
      expect(created.token).toMatch(/^insyn_[A-Za-z0-9_-]{43}$/);
      const holder = api.graphql(created.token);
      expect((await holder.data(`{ departments { slug } }`)).departments.length).toBeGreaterThan(0);

      const revoked = await api.graphql(tokens.admin).data(REVOKE_TOKEN, {
        id: created.apiToken.id,
      });
      expect(revoked.revokeApiToken.revokedAt).toEqual(expect.any(String));

      // The very next request is refused: no cache outlives a request.
      expect(await holder.errorCodes(`{ departments { slug } }`)).toEqual(['UNAUTHENTICATED']);
      const result = await holder.request(`{ departments { slug } }`);
      expect(result.data).toBeNull();
    });

    it('revokes an ADMIN token: it can no longer administer', async () => {
      const admin = (
        await api.graphql(tokens.admin).data(CREATE_TOKEN, {
          input: { personName: next('second admin'), role: 'ADMIN' },
        })
      ).createApiToken;
      expect(await api.graphql(admin.token).errorCodes(`{ apiTokens { id } }`)).toEqual([]);
      await api.graphql(tokens.admin).data(REVOKE_TOKEN, { id: admin.apiToken.id });
      expect(await api.graphql(admin.token).errorCodes(`{ apiTokens { id } }`)).toEqual([
        'UNAUTHENTICATED',
      ]);
      expect(
        await api.graphql(admin.token).errorCodes(CREATE_DEPARTMENT, {
          input: { slug: next('by-revoked'), nameSv: 'x', nameEn: 'x' },
        }),
      ).toEqual(['UNAUTHENTICATED']);
    });

    it('keeps the last live ADMIN token: revoking it is refused until another exists', async () => {
      const admins = async () =>
        (
          await db.query(
            `SELECT id FROM api_token WHERE role = 'ADMIN' AND revoked_at IS NULL ORDER BY created_at`,
          )
        ).map((r: { id: string }) => r.id);
      // Leave one: revoke every other live admin token (those the tests above made).
      const ownId = (await api.app.get(TokensService).authenticate(tokens.admin)).tokenId;
      for (const id of await admins())
        if (id !== ownId) await api.graphql(tokens.admin).data(REVOKE_TOKEN, { id });
      expect(await admins()).toEqual([ownId]);

      const refused = await api.graphql(tokens.admin).request(REVOKE_TOKEN, { id: ownId });
      expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0].message).toMatch(/^This is the last live ADMIN token/);
      expect(await admins()).toEqual([ownId]);

      // With a second one, that one may go; then the first is the last again.
      const second = (
        await api.graphql(tokens.admin).data(CREATE_TOKEN, {
          input: { personName: next('successor admin'), role: 'ADMIN' },
        })
      ).createApiToken;
      expect(await admins()).toEqual([ownId, second.apiToken.id]);
      await api.graphql(second.token).data(REVOKE_TOKEN, { id: second.apiToken.id });
      expect(await admins()).toEqual([ownId]);
    });

    it.each([
      ['a token of the wrong shape', 'insyn_short'],
      ['a well-formed but unknown token', `insyn_${'A'.repeat(43)}`],
      ['a token of another system', `ghp_${'a'.repeat(36)}`],
    ])('refuses %s with UNAUTHENTICATED, never as anonymous', async (_what, token) => {
      const result = await api.graphql(token).request(`{ departments { slug } }`);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(result.data).toBeNull();
    });

    it.each([
      ['an empty Authorization header', ''],
      ['"Bearer" without a token', 'Bearer'],
      ['another scheme', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      ['two tokens', 'Bearer insyn_a insyn_b'],
    ])('refuses %s with UNAUTHENTICATED', async (_what, header) => {
      const response = await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header },
        body: JSON.stringify({ query: '{ departments { slug } }' }),
      });
      const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
      expect(body.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a token whose hash was made with another key (the key matters)', async () => {
      const other = await createTestTokens(db, 'another-token-secret-0123456789abcdef');
      expect(await api.graphql(other.admin).errorCodes(`{ apiTokens { id } }`)).toEqual([
        'UNAUTHENTICATED',
      ]);
    });

    it('answers HTTP routes with 401 for a bad token, and serves them anonymously without one', async () => {
      const bad = await fetch(`${api.baseUrl}/health`, {
        headers: { authorization: `Bearer insyn_${'B'.repeat(43)}` },
      });
      expect(bad.status).toBe(401);
      expect(JSON.stringify(await bad.json())).not.toMatch(/stack|at .*\.js/);
      expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
      // A staging proxy's Basic credentials, which the browser sends to every address of the
      // site: the public's files answer as to anyone (GraphQL still refuses another scheme).
      for (const path of ['/health', '/exports/entries.csv', '/open-data/audit-chain-head.json'])
        expect({
          path,
          status: (
            await fetch(`${api.baseUrl}${path}`, {
              headers: { authorization: 'Basic dXNlcjpwYXNz' },
            })
          ).status,
        }).toEqual({ path, status: 200 });
      const bareBearer = await fetch(`${api.baseUrl}/exports/entries.csv`, {
        headers: { authorization: 'Bearer' },
      });
      expect(bareBearer.status).toBe(401);
      const good = await fetch(`${api.baseUrl}/health`, {
        headers: { authorization: `Bearer ${tokens.auditor}` },
      });
      expect(good.status).toBe(200);
    });

    it('authenticates once per request, however many root fields it has', async () => {
      const spy = jest.spyOn(api.app.get(TokensService), 'authenticate');
      try {
        await api
          .graphql(tokens.admin)
          .data(`{ a: apiTokens { id } b: apiTokens { id } c: departments { slug } }`);
        expect(spy).toHaveBeenCalledTimes(1);
      } finally {
        spy.mockRestore();
      }
    });

    it('looks a token up in one SQL statement per request, last_used_at included', async () => {
      const created = await newEditorToken();
      const sql = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      const statements = async (token?: string) => {
        sql.mockClear();
        await api.graphql(token).data(`{ departments { slug } }`);
        return sql.mock.calls.length;
      };
      try {
        const anonymous = await statements();
        // First use: last_used_at is written, in the same statement.
        expect(await statements(created.token)).toBe(anonymous + 1);
        expect(await statements(created.token)).toBe(anonymous + 1);
        const [row] = await db.query(`SELECT last_used_at FROM api_token WHERE id = $1`, [
          created.apiToken.id,
        ]);
        expect(row.last_used_at).toBeInstanceOf(Date);
      } finally {
        sql.mockRestore();
      }
    });

    it('stores only a keyed hash of the secret, and a 12-character prefix', async () => {
      const created = await newEditorToken();
      const [row] = await db.query(`SELECT * FROM api_token WHERE id = $1`, [created.apiToken.id]);
      const everything = JSON.stringify(row);
      expect(everything).not.toContain(created.token);
      expect(everything).not.toContain(created.token.slice(12));
      expect(row.secret_hash).toBe(
        createHmac('sha256', TEST_TOKEN_SECRET).update(created.token).digest('hex'),
      );
      expect(row.prefix).toBe(created.token.slice(0, 12));
      // Nor anywhere else: not in any api_token row, nor in the audit log.
      const all = JSON.stringify(await db.query(`SELECT * FROM api_token`));
      const audit = JSON.stringify(await db.query(`SELECT * FROM audit_event`));
      expect(all).not.toContain(created.token.slice(12));
      expect(audit).not.toContain(created.token.slice(12));
    });

    it('never exposes a secret or its hash through apiTokens, and resolves departments', async () => {
      const type = await api.graphql().data(`{ __type(name: "ApiToken") { fields { name } } }`);
      const fields = type.__type.fields.map((f: { name: string }) => f.name);
      expect(fields).not.toEqual(expect.arrayContaining(['secretHash']));
      expect(fields.filter((f: string) => /secret|hash|token$/i.test(f))).toEqual([]);

      const { apiTokens } = await api
        .graphql(tokens.admin)
        .data(`{ apiTokens { id label role prefix department { slug name(language: sv) } } }`);
      const editorA = apiTokens.find((t: { id: string }) => t.id === tokens.entities.editorA.id);
      expect(editorA).toMatchObject({
        label: 'test editorA',
        role: 'EDITOR',
        prefix: tokens.editorA.slice(0, 12),
        department: { slug: 'department-a', name: 'Förvaltning A' },
      });
      const admin = apiTokens.find((t: { id: string }) => t.id === tokens.entities.admin.id);
      expect(admin.department).toBeNull();
      expect(JSON.stringify(apiTokens)).not.toContain(tokens.admin.slice(12));
    });

    it('writes last_used_at on use, at most once a minute', async () => {
      const created = await newEditorToken();
      const lastUsed = async () =>
        (
          await db.query(`SELECT last_used_at FROM api_token WHERE id = $1`, [created.apiToken.id])
        )[0].last_used_at as Date | null;
      expect(await lastUsed()).toBeNull();
      await api.graphql(created.token).data(`{ departments { slug } }`);
      const first = await lastUsed();
      expect(first).toBeInstanceOf(Date);
      await api.graphql(created.token).data(`{ departments { slug } }`);
      expect((await lastUsed())!.getTime()).toBe(first!.getTime());

      await db.query(
        `UPDATE api_token SET last_used_at = now() - interval '2 minutes' WHERE id = $1`,
        [created.apiToken.id],
      );
      const stale = await lastUsed();
      await api.graphql(created.token).data(`{ departments { slug } }`);
      expect((await lastUsed())!.getTime()).toBeGreaterThan(stale!.getTime());
    });

    it('refuses revoking a malformed id (BAD_USER_INPUT), an unknown one (NOT_FOUND) or a revoked token twice (CONFLICT)', async () => {
      const admin = api.graphql(tokens.admin);
      expect(
        await admin.errorCodes(REVOKE_TOKEN, { id: '00000000-0000-4000-8000-000000000000' }),
      ).toEqual(['NOT_FOUND']);
      const malformed = await admin.request(REVOKE_TOKEN, { id: 'not-a-uuid' });
      expect(malformed.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'id', message: 'must be a token id (a UUID)' }],
      });
      expect(malformed.errors?.[0].message).not.toContain('not-a-uuid');
      const created = await newEditorToken();
      await admin.data(REVOKE_TOKEN, { id: created.apiToken.id });
      const before = await counts();
      const again = await admin.request(REVOKE_TOKEN, { id: created.apiToken.id });
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(again.errors?.[0].extensions?.fields).toEqual([
        { field: 'id', message: 'already revoked' },
      ]);
      expect(await counts()).toEqual(before);
    });
  });

  describe('the authorization matrix', () => {
    type Who = 'anonymous' | 'editorA' | 'editorB' | 'reviewer' | 'auditor' | 'admin';
    const everyone: Who[] = ['anonymous', 'editorA', 'editorB', 'reviewer', 'auditor', 'admin'];
    const tokenOf = (who: Who) => (who === 'anonymous' ? undefined : tokens[who]);
    /** Admin only: anonymous → UNAUTHENTICATED, other roles → FORBIDDEN. */
    const adminOnly = (who: Who) =>
      who === 'admin' ? [] : who === 'anonymous' ? ['UNAUTHENTICATED'] : ['FORBIDDEN'];

    it.each(everyone)('%s reads departments and a department', async (who) => {
      const data = await api
        .graphql(tokenOf(who))
        .data(
          `{ departments { slug nameEn } department(slug: "department-b") { slug name nameSv } }`,
        );
      expect(data.departments.map((d: { slug: string }) => d.slug)).toEqual(
        expect.arrayContaining(['department-a', 'department-b']),
      );
      expect(data.department).toEqual({
        slug: 'department-b',
        name: 'Department B',
        nameSv: 'Förvaltning B',
      });
    });

    it.each(everyone)(
      '%s reads the audit chain head: the live one for auditors and admins, else the day’s',
      async (who) => {
        const { auditChainHead } = await api
          .graphql(tokenOf(who))
          .data(`{ auditChainHead { eventId hash occurredAt checkpointDay } }`);
        if (who === 'auditor' || who === 'admin') {
          const last = await lastAudit();
          expect(auditChainHead).toEqual({
            eventId: String(last.id),
            hash: last.hash,
            occurredAt: expect.any(String),
            checkpointDay: null,
          });
        } else {
          // Every event of this file is today's: none had happened when the day began.
          expect(auditChainHead).toBeNull();
        }
      },
    );

    it.each(everyone)('%s: createDepartment is ADMIN only', async (who) => {
      const slug = next(`made-by-${who.toLowerCase()}`);
      const before = await counts();
      const codes = await api.graphql(tokenOf(who)).errorCodes(CREATE_DEPARTMENT, {
        input: { slug, nameSv: 'Ny förvaltning', nameEn: 'New department' },
      });
      expect(codes).toEqual(adminOnly(who));
      const after = await counts();
      if (who === 'admin') {
        expect(after).toEqual({
          ...before,
          department: before.department + 1,
          audit_event: before.audit_event + 1,
        });
      } else {
        expect(after).toEqual(before);
      }
    });

    it.each(everyone)('%s: createApiToken is ADMIN only', async (who) => {
      const before = await counts();
      const codes = await api.graphql(tokenOf(who)).errorCodes(CREATE_TOKEN, {
        input: { personName: next(`by ${who}`), role: 'EDITOR', departmentSlug: 'department-b' },
      });
      expect(codes).toEqual(adminOnly(who));
      const after = await counts();
      if (who === 'admin') {
        // The person and the token, each with its audit row.
        expect(after).toEqual({
          ...before,
          person: before.person + 1,
          api_token: before.api_token + 1,
          audit_event: before.audit_event + 2,
        });
      } else {
        expect(after).toEqual(before);
      }
    });

    it.each(everyone)('%s: revokeApiToken is ADMIN only', async (who) => {
      const victim = await newEditorToken();
      const before = await counts();
      const codes = await api
        .graphql(tokenOf(who))
        .errorCodes(REVOKE_TOKEN, { id: victim.apiToken.id });
      expect(codes).toEqual(adminOnly(who));
      expect(await counts()).toEqual({
        ...before,
        audit_event: before.audit_event + (who === 'admin' ? 1 : 0),
      });
      // The token still works exactly when the revocation was refused.
      expect(await api.graphql(victim.token).errorCodes(`{ departments { id } }`)).toEqual(
        who === 'admin' ? ['UNAUTHENTICATED'] : [],
      );
    });

    /** Auditors and admins: anonymous → UNAUTHENTICATED, other roles → FORBIDDEN. */
    const auditorsAndAdmins = (who: Who) =>
      ['auditor', 'admin'].includes(who)
        ? []
        : who === 'anonymous'
          ? ['UNAUTHENTICATED']
          : ['FORBIDDEN'];

    it.each(everyone)('%s: apiTokens is for AUDITOR and ADMIN', async (who) => {
      const result = await api
        .graphql(tokenOf(who))
        .request(`{ apiTokens { id label person { name } } }`);
      expect((result.errors ?? []).map((e) => e.extensions?.code)).toEqual(auditorsAndAdmins(who));
      if (['auditor', 'admin'].includes(who))
        expect(result.data?.apiTokens).toEqual(expect.any(Array));
      else expect(result.data).toBeNull();
    });

    it.each(everyone)('%s: persons is for AUDITOR and ADMIN', async (who) => {
      const result = await api
        .graphql(tokenOf(who))
        .request(`{ persons { id name tokens { role } } }`);
      expect((result.errors ?? []).map((e) => e.extensions?.code)).toEqual(auditorsAndAdmins(who));
      if (['auditor', 'admin'].includes(who))
        expect(result.data?.persons).toEqual(expect.any(Array));
      else expect(result.data).toBeNull();
    });
  });

  describe('departments', () => {
    it('creates a department with one audit row naming the actor', async () => {
      const slug = next('stadsbyggnadskontoret');
      const { createDepartment } = await api.graphql(tokens.admin).data(CREATE_DEPARTMENT, {
        input: { slug, nameSv: '  Stadsbyggnadskontoret ', nameEn: 'Urban Planning' },
      });
      expect(createDepartment).toEqual({
        id: expect.any(String),
        slug,
        nameSv: 'Stadsbyggnadskontoret',
        nameEn: 'Urban Planning',
        name: 'Stadsbyggnadskontoret',
      });
      expect(await lastAudit()).toMatchObject({
        action: 'DEPARTMENT_CREATED',
        actor_label: 'test admin',
        actor_role: 'ADMIN',
        actor_token_id: tokens.entities.admin.id,
        department_id: createDepartment.id,
        entry_id: null,
        details: { slug, nameSv: 'Stadsbyggnadskontoret', nameEn: 'Urban Planning' },
      });
      const { department } = await api
        .graphql()
        .data(`query($slug: String!) { department(slug: $slug) { id name(language: en) } }`, {
          slug,
        });
      expect(department).toEqual({ id: createDepartment.id, name: 'Urban Planning' });
    });

    it('answers null for an unknown slug', async () => {
      const data = await api.graphql().data(`{ department(slug: "no-such-department") { id } }`);
      expect(data.department).toBeNull();
    });

    it('refuses an empty or blank slug of a department or an entry, naming it, rather than answering null', async () => {
      for (const slug of ['', '   ']) {
        for (const query of [
          `query($slug: String!) { department(slug: $slug) { id } }`,
          `query($slug: String) { entry(slug: $slug) { id } }`,
        ]) {
          const result = await api.graphql().request(query, { slug });
          expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
          expect(result.errors?.[0].extensions?.fields).toEqual([
            { field: 'slug', message: 'must not be empty' },
          ]);
        }
      }
    });

    it.each([
      ['an upper-case slug', { slug: 'Trafik' }, ['input.slug']],
      ['a slug with spaces', { slug: 'trafik kontoret' }, ['input.slug']],
      ['a slug with a double hyphen', { slug: 'trafik--kontoret' }, ['input.slug']],
      ['a slug ending in a hyphen', { slug: 'trafik-' }, ['input.slug']],
      ['a slug of 61 characters', { slug: 'a'.repeat(61) }, ['input.slug']],
      ['an empty Swedish name', { nameSv: '' }, ['input.nameSv']],
      ['a blank English name', { nameEn: '   ' }, ['input.nameEn']],
      ['a name of 121 characters', { nameEn: 'x'.repeat(121) }, ['input.nameEn']],
      [
        'a name of invisible characters',
        // (Invisible but allowed by the text rule, which refuses U+202E before validation.)
        { nameSv: '\u200b', nameEn: '\u2060\u200d' },
        ['input.nameSv', 'input.nameEn'],
      ],
      [
        'everything wrong at once',
        { slug: '-', nameSv: '', nameEn: '' },
        ['input.slug', 'input.nameSv', 'input.nameEn'],
      ],
    ])(
      'refuses %s with BAD_USER_INPUT naming the field, writing nothing',
      async (_w, bad, paths) => {
        const before = await counts();
        const input = { slug: next('valid-slug'), nameSv: 'Namn', nameEn: 'Name', ...bad };
        const result = await api.graphql(tokens.admin).request(CREATE_DEPARTMENT, { input });
        expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        const fields = result.errors?.[0].extensions?.fields?.map((f) => f.field);
        expect([...new Set(fields)].sort()).toEqual([...paths].sort());
        expect(await counts()).toEqual(before);
      },
    );

    it('refuses a name another department has (ignoring case) with CONFLICT naming it', async () => {
      const first = {
        slug: next('namne-a'),
        nameSv: next('Namnförvaltningen'),
        nameEn: next('Name Office'),
      };
      await api.graphql(tokens.admin).data(CREATE_DEPARTMENT, { input: first });
      const before = await counts();
      for (const [field, input] of [
        [
          'nameSv',
          { slug: next('namne-b'), nameSv: first.nameSv.toUpperCase(), nameEn: next('Other') },
        ],
        ['nameEn', { slug: next('namne-c'), nameSv: next('Annan'), nameEn: first.nameEn }],
      ] as const) {
        const result = await api.graphql(tokens.admin).request(CREATE_DEPARTMENT, { input });
        expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
        expect(result.errors?.[0].extensions?.fields).toEqual([
          {
            field: `input.${field}`,
            message: `the department "${first.slug}" already has this name`,
          },
        ]);
      }
      expect(await counts()).toEqual(before);
    });

    it('creates one of several departments of one name created at once; the others get CONFLICT', async () => {
      const departments = api.app.get(DepartmentsService);
      for (let round = 0; round < 3; round++) {
        const name = next('Samtidiga förvaltningen');
        const answers = await Promise.allSettled(
          [1, 2, 3, 4, 5, 6].map((i) =>
            departments.create(
              { slug: next(`samtidig-${i}`), nameSv: name, nameEn: next(`Same ${i}`) },
              tokens.actors.admin,
            ),
          ),
        );
        expect(
          answers
            .map((a) => (a.status === 'fulfilled' ? 'OK' : (a.reason as ConflictError).code))
            .sort(),
        ).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
        const [row] = await db.query(
          `SELECT count(*)::int AS n FROM department WHERE name_sv = $1`,
          [name],
        );
        expect({ round, departments: row.n }).toEqual({ round, departments: 1 });
      }
    });

    it('accepts the longest valid slug and names', async () => {
      const slug = `${'a'.repeat(30)}-${'b'.repeat(29)}`;
      const data = await api.graphql(tokens.admin).data(CREATE_DEPARTMENT, {
        input: { slug, nameSv: 'å'.repeat(120), nameEn: 'e'.repeat(120) },
      });
      expect(data.createDepartment.slug).toBe(slug);
    });

    it('refuses a slug already taken with CONFLICT naming input.slug, writing nothing', async () => {
      const before = await counts();
      const result = await api.graphql(tokens.admin).request(CREATE_DEPARTMENT, {
        input: { slug: 'department-a', nameSv: 'Dubblett', nameEn: 'Duplicate' },
      });
      expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(result.errors?.[0].extensions?.fields).toEqual([
        { field: 'input.slug', message: 'a department with this slug already exists' },
      ]);
      expect(await counts()).toEqual(before);
    });

    it('refuses unknown input fields', async () => {
      const codes = await api.graphql(tokens.admin).errorCodes(CREATE_DEPARTMENT, {
        input: { slug: next('extra'), nameSv: 'a', nameEn: 'b', secret: 'x' },
      });
      expect(codes).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('creating tokens', () => {
    it('creates tokens of every role with one audit row each (never the secret)', async () => {
      for (const [role, departmentSlug] of [
        ['EDITOR', 'department-b'],
        ['REVIEWER', undefined],
        ['AUDITOR', undefined],
        ['ADMIN', undefined],
      ] as const) {
        const before = await counts();
        const label = next(`${role.toLowerCase()} holder`);
        const { createApiToken } = await api
          .graphql(tokens.admin)
          .data(CREATE_TOKEN, { input: { personName: label, role, departmentSlug } });
        expect(createApiToken.apiToken).toMatchObject({
          label,
          role,
          prefix: createApiToken.token.slice(0, 12),
          createdByLabel: 'test admin',
          revokedAt: null,
          department: departmentSlug ? { slug: departmentSlug } : null,
          person: { id: expect.any(String), name: label },
        });
        expect(await counts()).toEqual({
          ...before,
          person: before.person + 1,
          api_token: before.api_token + 1,
          audit_event: before.audit_event + 2,
        });
        const audit = await lastAudit();
        expect(audit).toMatchObject({
          action: 'TOKEN_CREATED',
          actor_label: 'test admin',
          actor_role: 'ADMIN',
          actor_token_id: tokens.entities.admin.id,
          department_id: departmentSlug ? tokens.departmentB.id : null,
          details: {
            tokenId: createApiToken.apiToken.id,
            label,
            role,
            personId: createApiToken.apiToken.person.id,
          },
        });
        expect(JSON.stringify(audit)).not.toContain(createApiToken.token.slice(12));
      }
    });

    it('ends the writes of a token still in flight at its revocation or end date: none is recorded after it', async () => {
      const holder = await newEditorToken();
      const actor = { tokenId: holder.apiToken.id, label: 'in flight', role: 'EDITOR' };
      // A write of the token's, begun before its revocation, reaching its audit event after it.
      const inFlight = db.createQueryRunner();
      await inFlight.startTransaction();
      try {
        await api.graphql(tokens.admin).data(REVOKE_TOKEN, { id: holder.apiToken.id });
        const before = await count('audit_event');
        await expect(
          api.app.get(AuditLog).record(inFlight.manager, {
            action: AuditAction.DEPARTMENT_CREATED,
            actor,
            details: {},
          }),
        ).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid API token' });
        expect(await count('audit_event')).toBe(before);
      } finally {
        await inFlight.rollbackTransaction();
        await inFlight.release();
      }
      // So does its end date passing while the write is in flight.
      const ending = await newEditorToken();
      const ended = db.createQueryRunner();
      await ended.startTransaction();
      try {
        // A millisecond back: an event's time is kept to the millisecond, so an end within the
        // event's own millisecond is not before it (the test failed so, once in a run).
        await db.query(
          `UPDATE api_token SET expires_at = now() - interval '1 millisecond' WHERE id = $1`,
          [ending.apiToken.id],
        );
        await expect(
          api.app.get(AuditLog).record(ended.manager, {
            action: AuditAction.DEPARTMENT_CREATED,
            actor: { ...actor, tokenId: ending.apiToken.id },
            details: {},
          }),
        ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      } finally {
        await ended.rollbackTransaction();
        await ended.release();
      }
      // A token's own revocation is its last event, and is recorded.
      const admin = (
        await api.graphql(tokens.admin).data(CREATE_TOKEN, {
          input: { personName: next('leaving admin'), role: 'ADMIN' },
        })
      ).createApiToken;
      await api.graphql(admin.token).data(REVOKE_TOKEN, { id: admin.apiToken.id });
      const event = await lastAudit();
      expect(event).toMatchObject({
        action: 'TOKEN_REVOKED',
        actor_token_id: admin.apiToken.id,
        details: { tokenId: admin.apiToken.id },
      });
      // Revoked at its event's time.
      const [row] = await db.query(`SELECT revoked_at FROM api_token WHERE id = $1`, [
        admin.apiToken.id,
      ]);
      expect(row.revoked_at).toEqual(event.occurred_at);
    });

    it('records a revocation with one audit row', async () => {
      const victim = await newEditorToken();
      await api.graphql(tokens.admin).data(REVOKE_TOKEN, { id: victim.apiToken.id });
      expect(await lastAudit()).toMatchObject({
        action: 'TOKEN_REVOKED',
        actor_label: 'test admin',
        actor_role: 'ADMIN',
        department_id: tokens.departmentA.id,
        details: { tokenId: victim.apiToken.id, role: 'EDITOR' },
      });
    });

    it.each([
      ['an EDITOR without a department', { role: 'EDITOR' }, ['input.departmentSlug']],
      [
        'a REVIEWER with a department',
        { role: 'REVIEWER', departmentSlug: 'department-a' },
        ['input.departmentSlug'],
      ],
      [
        'an ADMIN with a department',
        { role: 'ADMIN', departmentSlug: 'department-a' },
        ['input.departmentSlug'],
      ],
      [
        'an unknown department',
        { role: 'EDITOR', departmentSlug: 'no-such-department' },
        ['input.departmentSlug'],
      ],
      ['an empty label', { role: 'AUDITOR', label: '' }, ['input.label']],
      ['a blank label', { role: 'AUDITOR', label: '   ' }, ['input.label']],
      ['a label of 121 characters', { role: 'AUDITOR', label: 'x'.repeat(121) }, ['input.label']],
      // The command line records its operator as `cli:<os user>`: a token must not read as it.
      ['a label imitating the CLI operator', { role: 'ADMIN', label: 'cli:root' }, ['input.label']],
      ['the same in capitals', { role: 'ADMIN', label: ' CLI:Root ' }, ['input.label']],
      ['the same in fullwidth letters', { role: 'ADMIN', label: 'ｃｌｉ：root' }, ['input.label']],
      // Nor as a resident filing a concern, or the demo data's seed.
      [
        'the residents’ label',
        { role: 'EDITOR', departmentSlug: 'department-a', label: ' Resident ' },
        ['input.label'],
      ],
      ['the demo data’s label', { role: 'ADMIN', label: 'demo-data' }, ['input.label']],
      // A label is the name on every action: not another person's, as names are compared.
      [
        'another person’s name as the label',
        { role: 'AUDITOR', label: 'test editorA' },
        ['input.label'],
      ],
      [
        'the same in other capitals and spacing',
        { role: 'AUDITOR', label: ' TEST   EditorA ' },
        ['input.label'],
      ],
      [
        'no label and a person named as the CLI operator',
        { role: 'ADMIN', personName: 'cli:root' },
        ['input.label'],
      ],
      [
        'no person',
        { role: 'AUDITOR', personName: undefined },
        ['input.personId', 'input.personName'],
      ],
      [
        'both a person id and a name',
        { role: 'AUDITOR', personId: '00000000-0000-4000-8000-000000000000' },
        ['input.personId', 'input.personName'],
      ],
      [
        'an unknown person id',
        {
          role: 'AUDITOR',
          personName: undefined,
          personId: '00000000-0000-4000-8000-000000000000',
        },
        ['input.personId'],
      ],
      [
        'a person id that is no uuid',
        { role: 'AUDITOR', personName: undefined, personId: 'kim' },
        ['input.personId'],
      ],
      ['a blank person name', { role: 'AUDITOR', personName: '  ' }, ['input.personName']],
      [
        'a person name of 121 characters',
        { role: 'AUDITOR', personName: 'x'.repeat(121) },
        ['input.personName'],
      ],
      [
        'a malformed e-mail',
        { role: 'AUDITOR', personEmail: 'kim at stad' },
        ['input.personEmail'],
      ],
    ])(
      'refuses %s with BAD_USER_INPUT naming the field, writing nothing',
      async (_w, bad, paths) => {
        const before = await counts();
        const input = { personName: next('someone'), ...bad };
        const result = await api.graphql(tokens.admin).request(CREATE_TOKEN, { input });
        expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0].extensions?.fields?.map((f) => f.field)).toEqual(paths);
        // Plain words, not the validation library's default ("must be an email").
        expect(result.errors?.[0].extensions?.fields?.map((f) => f.message)).not.toContainEqual(
          expect.stringMatching(/an email$/),
        );
        expect(await counts()).toEqual(before);
      },
    );

    it('takes its own person’s name as a label, in any capitals, and refuses another’s', async () => {
      const own = await api.graphql(tokens.admin).data(CREATE_TOKEN, {
        input: { personId: tokens.persons.auditor.id, role: 'AUDITOR', label: 'Test Auditor' },
      });
      expect(own.createApiToken.apiToken).toMatchObject({
        label: 'Test Auditor',
        person: { id: tokens.persons.auditor.id, name: 'test auditor' },
      });
      const before = await counts();
      const result = await api.graphql(tokens.admin).request(CREATE_TOKEN, {
        input: { personId: tokens.persons.auditor.id, role: 'AUDITOR', label: 'test reviewer' },
      });
      expect(result.errors?.[0].extensions?.fields).toEqual([
        {
          field: 'input.label',
          message: `label is the name of another person (${tokens.persons.reviewer.id}): a token is labelled with its own person's name, or with what it is for`,
        },
      ]);
      expect(await counts()).toEqual(before);
      await api.graphql(tokens.admin).data(REVOKE_TOKEN, { id: own.createApiToken.apiToken.id });
    });

    it('refuses a new person named like another person’s token label, either order (CONFLICT naming the token)', async () => {
      const labelled = await api.graphql(tokens.admin).data(CREATE_TOKEN, {
        input: {
          personId: tokens.persons.auditor.id,
          role: 'AUDITOR',
          label: 'Granskning Etikett',
        },
      });
      const before = await counts();
      const result = await api.graphql(tokens.admin).request(CREATE_TOKEN, {
        input: { personName: 'granskning  ETIKETT', role: 'AUDITOR' },
      });
      expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(result.errors?.[0].extensions?.fields).toEqual([
        {
          field: 'input.personName',
          message: `a token of another person is labelled so: ${labelled.createApiToken.apiToken.id}`,
        },
      ]);
      expect(await counts()).toEqual(before);
      await api
        .graphql(tokens.admin)
        .data(REVOKE_TOKEN, { id: labelled.createApiToken.apiToken.id });
      // Revoked, its actions keep its label in the audit log: still refused.
      expect(
        (
          await api.graphql(tokens.admin).request(CREATE_TOKEN, {
            input: { personName: 'Granskning Etikett', role: 'AUDITOR' },
          })
        ).errors?.[0].extensions?.code,
      ).toBe('CONFLICT');
    });

    it('refuses an e-mail for an existing person', async () => {
      const { persons } = await api.graphql(tokens.auditor).data(`{ persons { id name } }`);
      const before = await counts();
      const result = await api.graphql(tokens.admin).request(CREATE_TOKEN, {
        input: { personId: persons[0].id, personEmail: 'kim@stad.example.se', role: 'AUDITOR' },
      });
      expect(result.errors?.[0].extensions?.fields).toEqual([
        { field: 'input.personEmail', message: 'an e-mail is given for a new person only' },
      ]);
      expect(await counts()).toEqual(before);
    });

    it('refuses a new person whose name is taken (CONFLICT naming their id), writing nothing', async () => {
      const before = await counts();
      const result = await api.graphql(tokens.admin).request(CREATE_TOKEN, {
        input: { personName: 'TEST Reviewer', role: 'AUDITOR' },
      });
      expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(result.errors?.[0].message).toContain(tokens.persons.reviewer.id);
      expect(result.errors?.[0].extensions?.fields).toEqual([
        {
          field: 'input.personName',
          message: `a person of this name exists: ${tokens.persons.reviewer.id}`,
        },
      ]);
      expect(await counts()).toEqual(before);
    });

    describe('a name that reads as a taken one', () => {
      let temp: { id: string };
      beforeAll(async () => {
        const { createApiToken } = await api
          .graphql(tokens.admin)
          .data(CREATE_TOKEN, { input: { personName: 'Temp Person', role: 'AUDITOR' } });
        temp = createApiToken.apiToken.person;
      });

      it.each([
        ['a double space', 'Temp  Person'],
        ['a no-break space', 'Temp\u00a0Person'],
        ['a Cyrillic е', 'T\u0435mp Person'],
        ['fullwidth letters', 'Ｔｅｍｐ Ｐｅｒｓｏｎ'],
        ['another case', 'temp PERSON'],
        ['Greek capitals and spaces around', ' \u03a4emp \u03a1erson\u2003'],
      ])(
        'refuses %s (CONFLICT naming the existing person), writing nothing',
        async (_what, personName) => {
          const before = await counts();
          const result = await api
            .graphql(tokens.admin)
            .request(CREATE_TOKEN, { input: { personName, role: 'AUDITOR' } });
          expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
          expect(result.errors?.[0].message).toContain(`A person named "Temp Person" exists`);
          expect(result.errors?.[0].message).toContain(temp.id);
          expect(result.errors?.[0].message).toMatch(/ignoring case, spacing and look-alike/);
          expect(result.errors?.[0].extensions?.fields).toEqual([
            { field: 'input.personName', message: `a person of this name exists: ${temp.id}` },
          ]);
          expect(await counts()).toEqual(before);
        },
      );

      it('accepts a name that differs in a letter, as a new person', async () => {
        const { createApiToken } = await api
          .graphql(tokens.admin)
          .data(CREATE_TOKEN, { input: { personName: 'Temp Persson', role: 'AUDITOR' } });
        expect(createApiToken.apiToken.person).toEqual({
          id: expect.any(String),
          name: 'Temp Persson',
        });
        expect(createApiToken.apiToken.person.id).not.toBe(temp.id);
      });

      it('stores each person’s key, and finds a namesake by its index', async () => {
        const [row] = await db.query(`SELECT name_key FROM person WHERE id = $1`, [temp.id]);
        expect(row.name_key).toBe('temp person');
        // A few persons are a one-page table, read whole by choice; without that choice the
        // planner takes the index.
        const plan = await db.transaction(async (m) => {
          await m.query('SET LOCAL enable_seqscan = off');
          return m.query(
            `EXPLAIN SELECT * FROM person WHERE name_key = 'temp person' ORDER BY created_at LIMIT 1`,
          );
        });
        expect(JSON.stringify(plan)).toContain('person_name_key_idx');
      });
    });

    it('refuses an unknown role', async () => {
      const codes = await api.graphql(tokens.admin).errorCodes(CREATE_TOKEN, {
        input: { personName: 'x', role: 'SUPERUSER' },
      });
      expect(codes).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('token expiry', () => {
    const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60_000);
    const LIST = `{ apiTokens { id expiresAt revokedAt } }`;

    it('creates a token with an end date that works until then, listed and audited with it', async () => {
      const expiresAt = inDays(30).toISOString();
      const { createApiToken } = await api.graphql(tokens.admin).data(CREATE_TOKEN, {
        input: { personName: next('temp reviewer'), role: 'REVIEWER', expiresAt },
      });
      const holder = api.graphql(createApiToken.token);
      expect((await holder.data(`{ departments { slug } }`)).departments.length).toBeGreaterThan(0);
      for (const who of [tokens.admin, tokens.auditor]) {
        const { apiTokens } = await api.graphql(who).data(LIST);
        expect(apiTokens.find((t: { id: string }) => t.id === createApiToken.apiToken.id)).toEqual({
          id: createApiToken.apiToken.id,
          expiresAt,
          revokedAt: null,
        });
      }
      expect((await lastAudit()).details).toMatchObject({
        tokenId: createApiToken.apiToken.id,
        expiresAt,
      });
      // A token without one lists null.
      const { apiTokens } = await api.graphql(tokens.admin).data(LIST);
      expect(
        apiTokens.find((t: { id: string }) => t.id === tokens.entities.admin.id).expiresAt,
      ).toBeNull();
    });

    it('refuses a token once its end date has passed, exactly as a revoked one, at the next request', async () => {
      const expiring = await api.graphql(tokens.admin).data(CREATE_TOKEN, {
        input: { personName: next('leaver'), role: 'REVIEWER', expiresAt: inDays(1).toISOString() },
      });
      const holder = api.graphql(expiring.createApiToken.token);
      // Used once: the rate limit now knows it as live.
      expect((await holder.data(`{ departments { slug } }`)).departments.length).toBeGreaterThan(0);
      // Time passes: its end date is now behind it.
      await db.query(
        `UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [expiring.createApiToken.apiToken.id],
      );
      const expired = await holder.request(`{ departments { slug } }`);

      const revokedToken = await newEditorToken();
      await api.graphql(tokens.admin).data(REVOKE_TOKEN, { id: revokedToken.apiToken.id });
      const revoked = await api.graphql(revokedToken.token).request(`{ departments { slug } }`);

      expect(expired.data).toBeNull();
      expect(expired.errors?.map((e) => [e.message, e.extensions?.code])).toEqual(
        revoked.errors?.map((e) => [e.message, e.extensions?.code]),
      );
      expect(expired.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      // Listed as it is: with its end date, not revoked.
      const { apiTokens } = await api.graphql(tokens.admin).data(LIST);
      const listed = apiTokens.find(
        (t: { id: string }) => t.id === expiring.createApiToken.apiToken.id,
      );
      expect(listed).toMatchObject({ expiresAt: expect.any(String), revokedAt: null });
      expect(new Date(listed.expiresAt).getTime()).toBeLessThan(Date.now());
    });

    it('looks an expiring token up in one SQL statement per request, as any other', async () => {
      const { createApiToken } = await api.graphql(tokens.admin).data(CREATE_TOKEN, {
        input: { personName: next('counted'), role: 'AUDITOR', expiresAt: inDays(2).toISOString() },
      });
      const sql = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      const statements = async (token?: string) => {
        sql.mockClear();
        await api.graphql(token).request(`{ departments { slug } }`);
        return sql.mock.calls.length;
      };
      try {
        const anonymous = await statements();
        expect(await statements(createApiToken.token)).toBe(anonymous + 1);
        await db.query(`UPDATE api_token SET expires_at = now() WHERE id = $1`, [
          createApiToken.apiToken.id,
        ]);
        // Refused before any resolver: the lookup only.
        expect(await statements(createApiToken.token)).toBe(1);
      } finally {
        sql.mockRestore();
      }
    });

    it.each([
      ['in the past', () => inDays(-1).toISOString(), 'expiresAt must be in the future'],
      [
        'more than 730 days ahead',
        () => inDays(731).toISOString(),
        'expiresAt must be at most 730 days ahead',
      ],
      [
        'a date that does not exist',
        () => '2027-02-30T00:00:00Z',
        expect.stringMatching(/^expiresAt must be a date and time that exist/),
      ],
      [
        'no date at all',
        () => 'next month',
        expect.stringMatching(/^expiresAt must be a date and time that exist/),
      ],
    ])(
      'refuses an end date %s with BAD_USER_INPUT naming input.expiresAt, writing nothing',
      async (_w, value, message) => {
        const before = await counts();
        const result = await api.graphql(tokens.admin).request(CREATE_TOKEN, {
          input: { personName: next('someone'), role: 'AUDITOR', expiresAt: value() },
        });
        expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0].extensions?.fields).toEqual([
          { field: 'input.expiresAt', message },
        ]);
        expect(await counts()).toEqual(before);
      },
    );
  });

  describe('the audit log', () => {
    it('refuses UPDATE, DELETE and TRUNCATE: to the app’s role by privilege, to the owner by its triggers', async () => {
      const row = await lastAudit();
      const rows = await count('audit_event');
      const attempts = [
        `UPDATE audit_event SET actor_label = 'someone else' WHERE id = ${row.id}`,
        `DELETE FROM audit_event WHERE id = ${row.id}`,
        `TRUNCATE audit_event`,
      ];
      const owner = new Client({ connectionString: api.database.migrationUrl });
      await owner.connect();
      try {
        for (const sql of attempts) {
          await expect(db.query(sql)).rejects.toMatchObject({
            message: 'permission denied for table audit_event',
            driverError: expect.objectContaining({ code: '42501' }),
          });
          await expect(owner.query(sql)).rejects.toMatchObject({
            message: 'audit_event is append-only',
            code: '42501',
          });
        }
      } finally {
        await owner.end();
      }
      const [after] = await db.query(`SELECT * FROM audit_event WHERE id = $1`, [row.id]);
      expect(after).toEqual(row);
      expect(await count('audit_event')).toBe(rows);
    });
  });

  describe('rate limit', () => {
    it('counts one request per HTTP request, per client, with the limit in the headers', async () => {
      const ask = (query: string) =>
        fetch(`${api.baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
      const first = await ask('{ departments { id } }');
      expect(first.headers.get('ratelimit-limit')).toBe('600');
      const remaining = Number(first.headers.get('ratelimit-remaining'));
      const second = await ask(
        '{ a: departments { id } b: departments { id } c: principles { code } }',
      );
      expect(Number(second.headers.get('ratelimit-remaining'))).toBe(remaining - 1);
    });
  });
});
