import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { Actor, ANONYMOUS, Role } from '@insyn/access';
import {
  EntriesRepository,
  EntryKind,
  EntryListView,
  EntryOrder,
  EntryPageRequest,
  EntryStatus,
  ImpactAssessmentType,
  RegistryClock,
} from '@insyn/registry';
import { PublicEntryReader, SearchOutboxRepository } from '@insyn/search';
import { daysFromToday } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * At 100,000 entries every page the entries list can ask for (each order, each view, first page
 * and cursor page) is served by an index: the exact statement the repository sends is explained
 * and no entry table is read by a sequential scan. The register is written straight in SQL
 * (generate_series) and ANALYZEd, so the planner sees a realistic distribution.
 */
const ENTRIES = 100_000;
const DEPARTMENTS = 16;
/** Tables of the entry aggregate that no list may scan whole. */
const ENTRY_TABLES = ['entry', 'entry_version', 'entry_relation', 'entry_source'];

/**
 * The shape of entry `i` (by i % 20): mostly published, some with a superseded version, some
 * with a pending draft or review on top, some never published, some retired. One in a hundred
 * withholds a field until a day of a 700-day span around today (about half already past), one in
 * a hundred without an end date; review dates spread over the same span.
 */
const FIRST_DAY = daysFromToday(-333);
const GENERATE = `
  WITH d AS (SELECT array_agg(id ORDER BY slug) AS ids FROM department WHERE slug LIKE 'plan-%'),
  shapes AS (
    SELECT i, i % 20 AS s, d.ids[1 + i % ${DEPARTMENTS}] AS department_id,
           md5('entry-' || i)::uuid AS id,
           timestamptz '2024-01-01' + i * interval '5 minutes' AS at
      FROM generate_series(1, ${ENTRIES}) i, d
  ),
  entries AS (
    SELECT *, CASE WHEN s IN (12, 13, 14, 15, 16) THEN 2 ELSE 1 END AS versions,
           CASE WHEN s BETWEEN 0 AND 13 OR s = 19 THEN 'PUBLISHED'
                WHEN s IN (14, 15, 17) THEN 'DRAFT' ELSE 'IN_REVIEW' END AS status,
           CASE WHEN s IN (12, 13) THEN 2 WHEN s IN (17, 18) THEN NULL ELSE 1 END AS published_number
      FROM shapes
  ),
  version_rows AS (
    INSERT INTO entry_version (id, entry_id, department_id, number, state, content, title,
      lifecycle_stage, theme, risk_class, ai_act_class, personal_data, review_due_date,
      principle_codes, public_risk_class, public_ai_act_class, created_at, updated_at,
      created_by_label, updated_by_label, published_at, published_by_label)
    SELECT md5('version-' || e.i || '-' || n)::uuid, e.id, e.department_id, n,
           CASE WHEN n = e.published_number THEN 'PUBLISHED'
                WHEN e.published_number > n THEN 'SUPERSEDED'
                WHEN e.status = 'IN_REVIEW' THEN 'IN_REVIEW' ELSE 'DRAFT' END,
           CASE WHEN e.i % 100 = 0
                THEN jsonb_build_object('title', 'Entry ' || e.i || ' v' || n, 'withheld',
                       jsonb_build_array(jsonb_build_object('field', 'accountability',
                         'legalGround', 'OSL 18:8', 'until', (date '${FIRST_DAY}' + e.i % 700)::text)))
                WHEN e.i % 100 = 1
                THEN jsonb_build_object('title', 'Entry ' || e.i || ' v' || n, 'withheld',
                       jsonb_build_array(jsonb_build_object('field', 'accountability',
                         'legalGround', 'OSL 18:8')))
                ELSE jsonb_build_object('title', 'Entry ' || e.i || ' v' || n) END,
           (ARRAY['Ärende', 'Zon', 'Avfall', 'Öppen data', 'Buss', 'Skola'])[1 + e.i % 6] || ' ' || e.i,
           (ARRAY['PLANNED', 'IN_USE', 'PILOT'])[1 + e.i % 3],
           NULL,
           (ARRAY['LOW', 'MEDIUM', 'HIGH'])[1 + e.i % 3],
           NULL,
           (ARRAY['NONE', 'PERSONAL', 'SENSITIVE'])[1 + e.i % 3],
           date '${FIRST_DAY}' + (e.i % 700),
           ARRAY[(ARRAY['TRANSPARENCY', 'FAIRNESS', 'ACCOUNTABILITY'])[1 + e.i % 3]],
           (ARRAY['LOW', 'MEDIUM', 'HIGH'])[1 + e.i % 3],
           NULL,
           e.at + n * interval '1 minute',
           -- A retired entry's version last changed at its retirement (as the workflow writes it).
           CASE WHEN e.s = 19 THEN e.at + interval '1 day' ELSE e.at + n * interval '1 minute' END,
           'bulk', 'bulk',
           CASE WHEN n <= coalesce(e.published_number, 0) THEN e.at + n * interval '1 minute' END,
           CASE WHEN n <= coalesce(e.published_number, 0) THEN 'bulk' END
      FROM entries e, generate_series(1, e.versions) n
    RETURNING 1
  )
  INSERT INTO entry (id, slug, kind, department_id, status, version, current_version_id,
    published_version_id, first_published_at, last_published_at, retired_at, retirement_reason,
    created_at, updated_at)
  SELECT e.id, 'plan-' || e.i, (ARRAY['ALGORITHM', 'DATASET', 'IOT_DEPLOYMENT'])[1 + e.i % 3],
         e.department_id, CASE WHEN e.s = 19 THEN 'RETIRED' ELSE e.status END, e.versions,
         md5('version-' || e.i || '-' || e.versions)::uuid,
         CASE WHEN e.published_number IS NOT NULL THEN md5('version-' || e.i || '-' || e.published_number)::uuid END,
         CASE WHEN e.published_number IS NOT NULL THEN e.at + interval '1 minute' END,
         CASE WHEN e.published_number IS NOT NULL THEN e.at + e.published_number * interval '1 minute' END,
         CASE WHEN e.s = 19 THEN e.at + interval '1 day' END,
         CASE WHEN e.s = 19 THEN 'Retired' END,
         e.at, e.at + e.versions * interval '1 minute'
    FROM entries e
   WHERE (SELECT count(*) FROM version_rows) > 0`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** One line per plan node, indented: what a failure shows. */
function describePlan(plan: PlanNode & Record<string, unknown>, depth = 0): string {
  const details = ['Relation Name', 'Index Name', 'Index Cond', 'Sort Key', 'Join Filter', 'Filter']
    .filter((k) => plan[k] !== undefined)
    .map((k) => `${k}: ${JSON.stringify(plan[k])}`)
    .join(' ');
  return [
    `${'  '.repeat(depth)}${plan['Node Type']} ${details}`,
    ...(plan.Plans ?? []).map((p) =>
      describePlan(p as PlanNode & Record<string, unknown>, depth + 1),
    ),
  ].join('\n');
}

describe('entries lists at 100,000 entries: every order and cursor is served by an index', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let entries: EntriesRepository;
  let editor: Actor;
  let auditor: Actor;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-index-plans');
    db = api.app.get(DataSource);
    entries = api.app.get(EntriesRepository);
    await db.query(
      `INSERT INTO department (slug, name_sv, name_en)
       SELECT 'plan-' || lpad(d::text, 2, '0'), 'Förvaltning ' || d, 'Department ' || d
         FROM generate_series(1, ${DEPARTMENTS}) d`,
    );
    await db.query(GENERATE);
    // Two in five entries use another's data (the next one, or a few further on): 40,000
    // relations, each entry with about as many incoming as outgoing.
    await db.query(
      `INSERT INTO entry_relation (from_entry_id, to_entry_id, type, department_id, created_at,
                                   created_by_label)
       SELECT md5('entry-' || i)::uuid, md5('entry-' || (1 + (i + 1 + i % 7) % ${ENTRIES}))::uuid,
              'USES_DATASET', e.department_id, e.created_at, 'bulk'
         FROM generate_series(1, ${ENTRIES}) i
         JOIN entry e ON e.id = md5('entry-' || i)::uuid
        WHERE i % 5 < 2`,
    );
    // As the owner: ANALYZE skips (with only a warning) tables the app role does not own, and
    // the planner would plan on no statistics. In production autovacuum analyzes them.
    const owner = new Client({ connectionString: api.database.migrationUrl });
    await owner.connect();
    try {
      await owner.query('ANALYZE');
    } finally {
      await owner.end();
    }
    const [department] = (await db.query(`SELECT id FROM department WHERE slug = 'plan-03'`)) as {
      id: string;
    }[];
    const token = (role: Role, departmentId: string | null): Actor => ({
      kind: 'token',
      tokenId: '00000000-0000-0000-0000-000000000001',
      personId: null,
      label: `plan ${role}`,
      role,
      departmentId,
    });
    editor = token(Role.EDITOR, department.id);
    auditor = token(Role.AUDITOR, null);
  }, 180_000);
  afterAll(() => api?.stop());

  it('loaded the register it claims to', async () => {
    const [counts] = (await db.query(
      `SELECT (SELECT count(*) FROM entry)::int AS entries,
              (SELECT count(*) FROM entry_version)::int AS versions,
              (SELECT count(*) FROM entry WHERE published_version_id IS NULL)::int AS unpublished,
              (SELECT count(*) FROM entry WHERE current_version_id <> published_version_id)::int AS pending`,
    )) as Record<string, number>[];
    expect(counts).toEqual({
      entries: ENTRIES,
      versions: ENTRIES * 1.25,
      unpublished: ENTRIES / 10,
      pending: ENTRIES * 0.15,
    });
  });

  it('runs the embedded PostgreSQL with the settings sized for it', async () => {
    const [wal] = (await db.query('SHOW max_wal_size')) as { max_wal_size: string }[];
    const [compression] = (await db.query('SHOW wal_compression')) as {
      wal_compression: string;
    }[];
    expect(wal.max_wal_size).toBe('64MB');
    expect(compression.wal_compression).toBe('pglz');
  });

  /** The statement a call sends (the one reading entries), and what the call returned. */
  async function captured<T>(
    call: () => Promise<T>,
  ): Promise<{ sql: string; params: unknown[]; result: T }> {
    const { statements, result } = await capturedAll(call);
    expect(statements).toHaveLength(1);
    const [[sql, params]] = statements;
    return { sql, params, result };
  }

  /** Every statement a call sends that reads entries (a list as of a moment reads two parts). */
  async function capturedAll<T>(
    call: () => Promise<T>,
  ): Promise<{ statements: [string, unknown[]][]; result: T }> {
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const result = await call();
      const statements = spy.mock.calls
        .filter(([sql]) => /\bFROM "entry"/.test(String(sql)))
        .map(([sql, params]) => [String(sql), (params ?? []) as unknown[]] as [string, unknown[]]);
      return { statements, result };
    } finally {
      spy.mockRestore();
    }
  }

  /** The statement's plan, which reads no entry table whole (a failure prints the plan). */
  async function expectNoSequentialScan(
    sql: string,
    params: unknown[],
  ): Promise<{ plan: PlanNode; text: string }> {
    const [row] = (await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as {
      'QUERY PLAN': { Plan: PlanNode & Record<string, unknown> }[];
    }[];
    const plan = row['QUERY PLAN'][0].Plan;
    const text = describePlan(plan);
    const scanned = nodesOf(plan).filter(
      (n) => n['Node Type'] === 'Seq Scan' && ENTRY_TABLES.includes(n['Relation Name'] ?? ''),
    );
    expect({ sequentialScans: scanned.map((n) => n['Relation Name']), plan: text }).toEqual({
      sequentialScans: [],
      plan: text,
    });
    return { plan, text };
  }

  async function expectIndexed(sql: string, params: unknown[]): Promise<string> {
    const { plan, text } = await expectNoSequentialScan(sql, params);
    // Served in order by an index: no sort of the rows before the limit.
    expect({
      sorts: nodesOf(plan).filter((n) => n['Node Type'] === 'Sort').length,
      plan: text,
    }).toEqual({ sorts: 0, plan: text });
    return text;
  }

  const READ_ALONG = { departments: true };
  const views: [string, () => Actor, Partial<EntryPageRequest>][] = [
    ['the public', () => ANONYMOUS, {}],
    ['an auditor, working view', () => auditor, {}],
    ['an editor, working view', () => editor, {}],
    ['an auditor, published view', () => auditor, { view: EntryListView.PUBLISHED }],
    [
      'the public, as of a past moment',
      () => ANONYMOUS,
      { asOf: new Date('2024-07-01T00:00:00Z') },
    ],
  ];
  const cases = Object.values(EntryOrder).flatMap((order) =>
    views.map(([who, actor, options]) => [order, who, actor, options] as const),
  );

  it.each(cases)('%s for %s: first page and cursor page', async (orderBy, _who, actor, options) => {
    const request: EntryPageRequest = { filter: {}, orderBy, first: 20, ...options };
    // With what the GraphQL list reads along when asked (departments).
    const first = await captured(() => entries.page(actor(), request, READ_ALONG));
    expect(first.result.views).toHaveLength(20);
    expect(first.result.hasNextPage).toBe(true);
    await expectIndexed(first.sql, first.params);

    const after = first.result.cursors.at(-1)!;
    const next = await captured(() => entries.page(actor(), { ...request, after }, READ_ALONG));
    expect(next.result.views).toHaveLength(20);
    // The cursor page continues where the first ended.
    const seen = new Set(first.result.views.map((v) => v.entry.id));
    expect(next.result.views.filter((v) => seen.has(v.entry.id))).toEqual([]);
    const plan = await expectIndexed(next.sql, next.params);
    // As of a moment, newest first: the cursor bounds the scan of the publication index (it is
    // not a filter over every version published before the moment).
    if (options.asOf && orderBy === EntryOrder.UPDATED_AT_DESC)
      expect(plan).toMatch(
        /Index Name: "entry_version_published_entry_idx" Index Cond: "[^"]*ROW\(published_at, entry_id\) < ROW\(/,
      );
  });

  // "What changed since": newest first from a moment on, retirements included (they count as
  // changes), for every view.
  it.each(views)(
    'UPDATED_AT_DESC with updatedSince and retired entries for %s: first page and cursor page',
    async (_who, actor, options) => {
      const staff = actor() !== ANONYMOUS && options.view === undefined && !options.asOf;
      // The last two weeks of the register (about 4,000 entries), or the month before the moment:
      // a short list, which the planner must still read in order from the index.
      const filter: EntryPageRequest['filter'] = {
        updatedSince: new Date(options.asOf ? '2024-06-01T00:00:00Z' : '2024-12-01T00:00:00Z'),
        statuses: staff ? Object.values(EntryStatus) : [EntryStatus.PUBLISHED, EntryStatus.RETIRED],
      };
      const request: EntryPageRequest = {
        filter,
        orderBy: EntryOrder.UPDATED_AT_DESC,
        first: 20,
        ...options,
      };
      // As of a moment, two parts: the entries retired by then, by their retirement, and the
      // others by their version's publication; the rest, one statement by the version's change.
      const indexes = options.asOf
        ? [/entry_retired_idx/, /entry_version_published_(entry|at)_idx/]
        : [/entry_version_updated_entry_idx/];
      const first = await capturedAll(() => entries.page(actor(), request));
      expect(first.result.views).toHaveLength(20);
      expect(first.statements).toHaveLength(indexes.length);
      for (const [i, [sql, params]] of first.statements.entries())
        expect(await expectIndexed(sql, params)).toMatch(indexes[i]);
      const after = first.result.cursors.at(-1)!;
      const next = await capturedAll(() => entries.page(actor(), { ...request, after }));
      expect(next.result.views).toHaveLength(20);
      const seen = new Set(first.result.views.map((v) => v.entry.id));
      expect(next.result.views.filter((v) => seen.has(v.entry.id))).toEqual([]);
      expect(next.statements).toHaveLength(indexes.length);
      for (const [i, [sql, params]] of next.statements.entries())
        expect(await expectIndexed(sql, params)).toMatch(indexes[i]);
    },
  );

  it('a retired entry is listed at its retirement, the newest change first', async () => {
    // Entry 99,999 (i % 20 = 19) was retired a day after it was published: the newest change.
    const page = await entries.page(ANONYMOUS, {
      filter: { statuses: [EntryStatus.PUBLISHED, EntryStatus.RETIRED] },
      orderBy: EntryOrder.UPDATED_AT_DESC,
      first: 1,
    });
    expect(page.views.map((v) => [v.entry.slug, v.entry.status])).toEqual([
      ['plan-99999', EntryStatus.RETIRED],
    ]);
  });

  it('a count as of a moment filtered on what may be withheld: no scan of later publications per version, the withholdings from their own column', async () => {
    const { sql, params, result } = await captured(() =>
      entries.count(ANONYMOUS, {
        filter: { impactAssessmentMissing: [ImpactAssessmentType.FRIA] },
        asOf: new Date(),
      }),
    );
    expect(result).toBeGreaterThan(1000);
    const [row] = (await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as {
      'QUERY PLAN': { Plan: PlanNode & Record<string, unknown> }[];
    }[];
    const text = describePlan(row['QUERY PLAN'][0].Plan);
    // Each version kept only when its entry had no later one by then: by one probe of the
    // entry's versions, or one pass over them, never a scan of every publication after it.
    expect({ rangeProbes: /published_at >= v\.published_at/.test(text), plan: text }).toEqual({
      rangeProbes: false,
      plan: text,
    });
    // The withholdings are read from their own column, not out of each version's content.
    expect(sql).not.toMatch(/content\s*->\s*'withheld'/);
  });

  // The public site's lists: one department's entries, one kind.
  const filters: [string, EntryPageRequest['filter']][] = [
    ['one department', { departmentSlugs: ['plan-05'] }],
    ['one kind', { kinds: [EntryKind.DATASET] }],
  ];
  it.each(
    Object.values(EntryOrder).flatMap((order) =>
      filters.map(([name, f]) => [order, name, f] as const),
    ),
  )(
    '%s for the public, filtered to %s: first page and cursor page',
    async (orderBy, _name, filter) => {
      const first = await captured(() => entries.page(ANONYMOUS, { filter, orderBy, first: 20 }));
      expect(first.result.views).toHaveLength(20);
      await expectIndexed(first.sql, first.params);
      const after = first.result.cursors.at(-1)!;
      const next = await captured(() =>
        entries.page(ANONYMOUS, { filter, orderBy, first: 20, after }),
      );
      expect(next.result.views).toHaveLength(20);
      await expectIndexed(next.sql, next.params);
    },
  );

  it.each(views.slice(0, 3))('the export keyset (by id) for %s', async (_who, actor) => {
    const first = await captured(() => entries.pageById(actor(), { first: 50 }));
    await expectIndexed(first.sql, first.params);
    const afterId = first.result.at(-1)!.entry.id;
    const next = await captured(() => entries.pageById(actor(), { first: 50, afterId }));
    await expectIndexed(next.sql, next.params);
  });

  /**
   * A page's relations, both ways, with the entries they lead to as each reader sees them (what
   * the GraphQL list reads for `relations { entry }`): each way read by its own index, never the
   * whole relation table. The rows are sorted (oldest first), a few per entry.
   */
  it.each(views.slice(0, 3))('the relations of a page of 50 for %s', async (_who, actor) => {
    const page = await entries.page(actor(), {
      filter: {},
      orderBy: EntryOrder.TITLE_ASC,
      first: 50,
    });
    const ids = page.views.map((view) => view.entry.id);
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    let read: Awaited<ReturnType<EntriesRepository['relationsWithOthers']>>;
    let statements: [string, unknown[]][];
    try {
      read = await entries.relationsWithOthers(actor(), ids);
      statements = spy.mock.calls.map(([sql, params]) => [
        String(sql),
        (params ?? []) as unknown[],
      ]);
    } finally {
      spy.mockRestore();
    }
    expect(statements).toHaveLength(1);
    // Both ways, a few tens (two in five entries link out, about as many are linked to).
    expect(read.relations.length).toBeGreaterThan(20);
    expect(read.relations.some((r) => ids.includes(r.fromEntryId))).toBe(true);
    expect(
      read.relations.some((r) => ids.includes(r.toEntryId) && !ids.includes(r.fromEntryId)),
    ).toBe(true);
    await expectNoSequentialScan(...statements[0]);
  });

  it('the public register in id order (exports, the sitemap): pages and shares by the primary key', async () => {
    const first = await captured(() => entries.pageById(ANONYMOUS, { first: 200 }));
    expect(first.result).toHaveLength(200);
    await expectIndexed(first.sql, first.params);
    const afterId = first.result.at(-1)!.entry.id;
    // A share of the sitemap, read without content, after a cursor.
    const share = await captured(() =>
      entries.pageById(ANONYMOUS, {
        first: 500,
        afterId,
        idRange: {
          from: '40000000-0000-0000-0000-000000000000',
          before: '80000000-0000-0000-0000-000000000000',
        },
        roots: new Set<string>(),
      }),
    );
    expect(share.result).toHaveLength(500);
    expect(share.result.every((v) => v.entry.id >= '4' && v.entry.id < '8')).toBe(true);
    await expectIndexed(share.sql, share.params);
  });

  it('search hydration (entries by id) for the public', async () => {
    const ids = (await db.query(`SELECT id FROM entry ORDER BY slug LIMIT 20`)) as { id: string }[];
    const found = await captured(() =>
      entries.findByIds(
        ANONYMOUS,
        ids.map((r) => r.id),
      ),
    );
    await expectIndexed(found.sql, found.params);
  });

  /**
   * The indexer's statements on a bulk backlog (every published entry with two or three outbox
   * rows, ~220,000 pending, some leased by another indexer): each is served by an index and
   * reads rows in proportion to its batch, not to the backlog. Explained with ANALYZE (in a
   * rolled-back transaction), so a scan that walks the backlog through an index counts too.
   */
  describe('the search indexer on a backlog of ~220,000 outbox rows', () => {
    const BATCH = 1_000;
    /**
     * Rows any scan of an outbox or entry table may read per statement: the rows in flight
     * (here ~6 batches, leased) plus what the statement asks for (at most 4 batches). The
     * backlog is 40 times that.
     */
    const READ_BOUND = 12 * BATCH;
    /** Tables no statement may scan whole (search_dead_letter and concern are empty here). */
    const SCANNED_TABLES = ['search_outbox', ...ENTRY_TABLES];
    const BOUNDED_TABLES = ['search_dead_letter', 'concern', ...SCANNED_TABLES];
    let outbox: SearchOutboxRepository;
    let reader: PublicEntryReader;
    let pending: number;

    beforeAll(async () => {
      outbox = new SearchOutboxRepository(db);
      reader = new PublicEntryReader(db);
      // As the bulk load leaves it: rows in entry order, 2–3 per published entry.
      await db.query(
        `INSERT INTO search_outbox (entry_id, reason, enqueued_at, available_at)
         SELECT e.id, 'published', t, t
           FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM entry
                  WHERE published_version_id IS NOT NULL) e,
                generate_series(1, 2 + (e.n % 2)::int) k,
                LATERAL (SELECT timestamptz '2026-01-01' + (e.n * 3 + k) * interval '1 ms' AS t) at`,
      );
      // Mid-drain: the first rows done, the next four batches leased by another indexer.
      await db.query(
        `UPDATE search_outbox SET processed_at = now(), lease_owner = 'other'
          WHERE id <= (SELECT min(id) + 20000 FROM search_outbox)`,
      );
      await db.query(
        `UPDATE search_outbox SET lease_until = now() + interval '1 minute', lease_owner = 'other'
          WHERE entry_id IN (SELECT entry_id FROM search_outbox WHERE processed_at IS NULL
                              ORDER BY available_at, id LIMIT ${4 * BATCH})
            AND processed_at IS NULL`,
      );
      const owner = new Client({ connectionString: api.database.migrationUrl });
      await owner.connect();
      try {
        await owner.query('VACUUM ANALYZE search_outbox');
      } finally {
        await owner.end();
      }
      [{ pending }] = (await db.query(
        'SELECT count(*)::int AS pending FROM search_outbox WHERE processed_at IS NULL',
      )) as { pending: number }[];
    }, 180_000);

    /** Every statement `call` sends (transaction control and advisory locks aside). */
    async function statementsOf<T>(
      call: () => Promise<T>,
    ): Promise<{ statements: [string, unknown[]][]; result: T }> {
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        const result = await call();
        const statements = spy.mock.calls
          .map(([sql, params]) => [String(sql), (params ?? []) as unknown[]] as [string, unknown[]])
          .filter(
            ([sql]) =>
              !/^(START|BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)|pg_advisory/i.test(sql.trim()),
          );
        return { statements, result };
      } finally {
        spy.mockRestore();
      }
    }

    interface AnalyzedNode extends PlanNode {
      'Actual Rows'?: number;
      'Actual Loops'?: number;
      'Rows Removed by Filter'?: number;
      'Rows Removed by Index Recheck'?: number;
    }

    /** Explains a statement with ANALYZE, rolled back; fails on a scan that reads the backlog. */
    async function expectBounded(sql: string, params: unknown[]): Promise<string> {
      const runner = db.createQueryRunner();
      await runner.startTransaction();
      try {
        const [row] = (await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)) as {
          'QUERY PLAN': { Plan: AnalyzedNode & Record<string, unknown> }[];
        }[];
        const plan = row['QUERY PLAN'][0].Plan;
        const text = describePlan(plan);
        const scans = nodesOf(plan).filter((n) =>
          BOUNDED_TABLES.includes(n['Relation Name'] ?? ''),
        ) as AnalyzedNode[];
        const report = scans.map((n) => ({
          table: n['Relation Name'],
          node: n['Node Type'],
          read:
            (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1) +
            (n['Rows Removed by Filter'] ?? 0) +
            (n['Rows Removed by Index Recheck'] ?? 0),
        }));
        // A failure prints the plan.
        expect({
          sequentialScans: report.filter(
            (r) => r.node === 'Seq Scan' && SCANNED_TABLES.includes(r.table ?? ''),
          ),
          overBound: report.filter((r) => r.read > READ_BOUND),
          plan: text,
        }).toEqual({ sequentialScans: [], overBound: [], plan: text });
        return text;
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }

    it('has the backlog it claims to', () => {
      expect(pending).toBeGreaterThan(200_000);
    });

    it('claims a batch: busy entries, first ready rows and their entries, by indexes', async () => {
      const { statements, result } = await statementsOf(() => outbox.claim(BATCH, 60_000, 'plans'));
      expect(result.length).toBeGreaterThanOrEqual(BATCH);
      expect(statements).toHaveLength(1);
      for (const [sql, params] of statements) await expectBounded(sql, params);
    });

    it('reads, renews, sizes and marks a batch by indexes', async () => {
      const claimed = await outbox.claim(BATCH, 60_000, 'plans');
      const ids = claimed.map((r) => r.id);
      const entryIds = [...new Set(claimed.map((r) => r.entryId))];
      const { statements, result } = await statementsOf(async () => {
        const sources = await reader.load(entryIds);
        await outbox.renew(ids, 60_000, 'plans');
        const ready = await outbox.readyCount(4 * BATCH);
        await outbox.markProcessed(ids, 'plans');
        await outbox.resolveDeadLetters(entryIds);
        return { sources, ready };
      });
      expect(result.sources.size).toBe(entryIds.length);
      expect(result.ready).toBe(4 * BATCH);
      expect(statements.length).toBeGreaterThanOrEqual(8);
      for (const [sql, params] of statements) await expectBounded(sql, params);
    });
  });

  it('the exports’ freshness (ETag, Last-Modified): one statement, the same answer, served by indexes', async () => {
    // As autovacuum keeps them in production: an index-only scan counts on the visibility map.
    const owner = new Client({ connectionString: api.database.migrationUrl });
    await owner.connect();
    try {
      await owner.query('VACUUM ANALYZE entry, entry_version');
    } finally {
      await owner.end();
    }
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    let freshness: Awaited<ReturnType<EntriesRepository['publicFreshness']>>;
    let statements: unknown[][];
    try {
      freshness = await entries.publicFreshness();
      statements = spy.mock.calls;
    } finally {
      spy.mockRestore();
    }
    expect(statements).toHaveLength(1);
    const [sql, params] = statements[0] as [string, unknown[]];

    // The same figures as the straightforward scans give.
    const today = api.app.get(RegistryClock).today();
    const [plain] = (await db.query(
      `SELECT (SELECT count(*) FROM entry WHERE published_version_id IS NOT NULL)::int AS entries,
              (SELECT max(greatest(last_published_at, retired_at)) FROM entry
                WHERE published_version_id IS NOT NULL) AS changed,
              (SELECT max((w->>'until')::date + 1)::text
                 FROM entry pe JOIN entry_version pv ON pv.id = pe.published_version_id,
                      jsonb_array_elements(COALESCE(pv.content->'withheld', '[]'::jsonb)) w
                WHERE w->>'until' IS NOT NULL AND (w->>'until')::date < CAST($1 AS date)) AS expired`,
      [today],
    )) as { entries: number; changed: Date; expired: string | null }[];
    expect(plain.entries).toBe(ENTRIES * 0.9);
    expect(plain.expired).not.toBeNull();
    const newest = Math.max(
      new Date(plain.changed).getTime(),
      new Date(`${plain.expired}T00:00:00.000Z`).getTime(),
    );
    expect(freshness.entries).toBe(plain.entries);
    expect(freshness.lastModified?.getTime()).toBe(newest);
    expect(Object.values(freshness.byKind).reduce((a, b) => a + b, 0)).toBe(plain.entries);

    const plan = await expectIndexed(sql, params);
    expect(plan).toMatch(/Index Only Scan .*entry_published_kind_idx/);
    expect(plan).toContain('entry_published_changed_idx');
    expect(plan).toContain('entry_version_dated_withholding_idx');
  });
});
