import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditAction, AuditChainFields, AuditLog, canonicalJson } from '@insyn/audit';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

const AUDIT_LOG = `query($filter: AuditLogFilterInput, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id action actorLabel actorRole entryId entryVersion details department { slug } } }
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Page = {
  edges: { cursor: string; node: Record<string, any> }[];
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

describe('auditLog (GraphQL over HTTP)', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  const log = (variables: Record<string, unknown>, token?: string) =>
    api
      .graphql(token ?? tokens.auditor)
      .data<{ auditLog: Page }>(AUDIT_LOG, variables)
      .then((d) => d.auditLog);
  const createDepartment = (slug: string) =>
    api
      .graphql(tokens.admin)
      .data(`mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }`, {
        input: { slug, nameSv: slug, nameEn: slug },
      });

  beforeAll(async () => {
    api = await RegistryApiHarness.start('audit-log');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it.each([
    ['anonymous', undefined, ['UNAUTHENTICATED']],
    ['editorA', 'editorA', ['FORBIDDEN']],
    ['editorB', 'editorB', ['FORBIDDEN']],
    ['reviewer', 'reviewer', ['FORBIDDEN']],
    ['auditor', 'auditor', []],
    ['admin', 'admin', []],
  ] as const)('%s: auditLog is for auditors and admins', async (_who, role, codes) => {
    const token = role ? tokens[role] : undefined;
    expect(await api.graphql(token).errorCodes(`{ auditLog { nodes { id } } }`)).toEqual(codes);
  });

  it('shows every action newest first, with actor, role and department', async () => {
    await createDepartment('audit-newest');
    const page = await log({ first: 3 });
    expect(page.edges[0].node).toMatchObject({
      action: 'DEPARTMENT_CREATED',
      actorLabel: 'test admin',
      actorRole: 'ADMIN',
      department: { slug: 'audit-newest' },
      details: { slug: 'audit-newest' },
    });
    const ids = page.nodes.map((n) => Number(n.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('pages with stable cursors while events are appended', async () => {
    for (let i = 0; i < 7; i++) await createDepartment(`audit-page-${i}`);
    const all = (await log({ first: 100 })).nodes.map((n) => n.id);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await log({ first: 4, after });
      seen.push(...page.nodes.map((n) => n.id));
      pages++;
      // Appending between pages must not shift what the next page holds.
      if (pages === 1) await createDepartment('audit-appended');
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
      expect(page.edges.at(-1)!.cursor).toBe(after);
    }
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 4));
  });

  it('gives an auditor every field the hash covers, so each event can be checked from the API', async () => {
    const { auditLog } = await api.graphql(tokens.auditor).data<{
      auditLog: {
        nodes: (AuditChainFields & { hash: string; department: { id: string } | null })[];
      };
    }>(`{ auditLog(first: 100) { nodes { id occurredAt: occurredAtHashed action actorLabel actorRole
      actorTokenId entryId entryVersion department { id } details prevHash hash } } }`);
    expect(auditLog.nodes.length).toBeGreaterThan(3);
    for (const { hash, department, ...fields } of auditLog.nodes) {
      expect(fields.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      // The canonical JSON of README "The audit chain", from nothing but the answer.
      const canonical = canonicalJson({ ...fields, departmentId: department?.id ?? null });
      expect(createHash('sha256').update(canonical, 'utf8').digest('hex')).toBe(hash);
    }
    // Newest first: each event's prevHash is the hash of the one after it in the page.
    for (let i = 0; i + 1 < auditLog.nodes.length; i++)
      expect(auditLog.nodes[i].prevHash).toBe(auditLog.nodes[i + 1].hash);
  });

  it('reads an explicit null as no cursor and no filter, as generic clients send them', async () => {
    const first = await log({ first: 3 });
    const withNulls = await log({
      first: 3,
      after: null,
      filter: {
        departmentSlug: null,
        entryId: null,
        actorLabel: null,
        action: null,
        since: null,
        until: null,
      },
    });
    expect(withNulls.nodes.map((n) => n.id)).toEqual(first.nodes.map((n) => n.id));
  });

  it('filters by action, actor label, department, entry and time', async () => {
    const audit = new AuditLog();
    const entryId = '0a0a0a0a-0000-4000-8000-000000000001';
    await db.transaction((m) =>
      audit.record(m, {
        action: AuditAction.ENTRY_PUBLISHED,
        actor: tokens.actors.reviewer,
        entryId,
        entryVersion: 3,
        departmentId: tokens.departmentB.id,
        details: { changeNote: 'first publication' },
      }),
    );

    const byEntry = await log({ filter: { entryId } });
    expect(byEntry.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({
        action: 'ENTRY_PUBLISHED',
        actorLabel: 'test reviewer',
        actorRole: 'REVIEWER',
        entryId,
        entryVersion: 3,
        department: { slug: 'department-b' },
      }),
    ]);

    const published = await log({ filter: { action: 'ENTRY_PUBLISHED' } }, tokens.admin);
    expect(published.nodes.map((n) => n.id)).toEqual(byEntry.nodes.map((n) => n.id));

    const byReviewer = await log({ filter: { actorLabel: 'test reviewer' } });
    expect(byReviewer.nodes).toHaveLength(1);

    const departmentB = await log({ filter: { departmentSlug: 'department-b' }, first: 100 });
    expect(departmentB.edges.map((e) => e.node.department?.slug)).toEqual(
      departmentB.edges.map(() => 'department-b'),
    );
    // department-b: created, its editor's token created, and the publication above.
    expect(departmentB.edges.map((e) => e.node.action).sort()).toEqual(
      ['DEPARTMENT_CREATED', 'ENTRY_PUBLISHED', 'TOKEN_CREATED'].sort(),
    );

    const [{ at }] = await db.query(
      `SELECT occurred_at AS at FROM audit_event WHERE entry_id = $1`,
      [entryId],
    );
    const instant = (at as Date).toISOString();
    const since = await log({ filter: { since: instant }, first: 100 });
    expect(since.nodes.map((n) => n.id)).toContain(byEntry.nodes[0].id);
    const until = await log({ filter: { until: instant }, first: 100 });
    expect(until.nodes.map((n) => n.id)).not.toContain(byEntry.nodes[0].id);
    expect(since.nodes.length + until.nodes.length).toBe((await log({ first: 100 })).nodes.length);
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ after: 'not-a-cursor' }, 'after'],
    [{ after: Buffer.from('audit:1; DROP TABLE x').toString('base64url') }, 'after'],
    // A real cursor with junk after it (a mangled copy): it had read as another position.
    [{ after: `${Buffer.from('audit:50').toString('base64url')}%3D` }, 'after'],
    [{ after: `${Buffer.from('audit:50').toString('base64url')}=` }, 'after'],
    [{ filter: { entryId: 'nope' } }, 'filter.entryId'],
    [{ filter: { departmentSlug: 'no-such-department' } }, 'filter.departmentSlug'],
    // Blank, not "no filter": an empty variable must not list every actor's events as one's.
    [{ filter: { departmentSlug: '' } }, 'filter.departmentSlug'],
    [{ filter: { actorLabel: '' } }, 'filter.actorLabel'],
    [{ filter: { actorLabel: ' \u200b ' } }, 'filter.actorLabel'],
    [{ filter: { since: '2030-01-02T00:00:00Z', until: '2030-01-01T00:00:00Z' } }, 'filter.until'],
  ])('refuses %j with BAD_USER_INPUT naming %s', async (variables, field) => {
    const result = await api.graphql(tokens.auditor).request(AUDIT_LOG, variables);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.fields?.map((f) => f.field)).toContain(field);
  });
});
