import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLObjectType } from 'graphql';
import { DataSource, In } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ANONYMOUS } from '@insyn/access';
import {
  applyPatch,
  DepartmentEntity,
  DepartmentsService,
  EntriesRepository,
  EntriesService,
  EntryContent,
  EntryEntity,
  EntryKind,
  EntryListView,
  EntryOrder,
  EntryRelationEntity,
  EntryWorkflowService,
  EntryStatus,
  RelationType,
  VersionState,
  VIEW_VERSION_COLUMNS,
} from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { BulkEntry, insertBulkEntries, insertBulkRelations } from './entry-bulk';
import { fullAlgorithmInput, fullDatasetInput, fullIotInput } from './entry-fixtures';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * Relation fields go through per-request DataLoaders: the number of SQL statements for a page of
 * entries with their department, principles, relations (and the related entries' departments)
 * and versions does not grow with the page size.
 */
const PAGE = `query($first: Int!) {
  entries(first: $first, orderBy: TITLE_ASC) {
    nodes {
      id
      department { slug name }
      principles { principle { code } rationale }
      relations { type entry { title department { slug } } }
      versions { number }
    }
  }
}`;

const ENTRIES = 60;
const FULL_INPUT = {
  [EntryKind.ALGORITHM]: fullAlgorithmInput,
  [EntryKind.DATASET]: fullDatasetInput,
  [EntryKind.IOT_DEPLOYMENT]: fullIotInput,
};

describe('entries: SQL statements per request', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;
  let query: jest.SpyInstance;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-query-count');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);

    // 60 published entries in both departments, each with two principles and two published
    // versions, linked in a ring both ways (PART_OF the next, USES_DATASET a dataset) and to a
    // draft that only staff may see.
    const at = (minutes: number) => new Date(Date.parse('2025-05-01T10:00:00Z') + minutes * 60_000);
    const kinds = Object.values(EntryKind);
    const bulk: BulkEntry[] = Array.from({ length: ENTRIES + 1 }, (_, i) => {
      const kind = kinds[i % 3];
      const draft = i === ENTRIES;
      const content = (version: number) =>
        applyPatch(
          { title: `Entry ${String(i).padStart(2, '0')} v${version}` } as EntryContent,
          FULL_INPUT[kind](`Entry ${String(i).padStart(2, '0')} v${version}`),
          kind,
        );
      return {
        slug: `query-count-${i}`,
        kind,
        departmentId: i % 2 ? tokens.departmentB.id : tokens.departmentA.id,
        status: draft ? EntryStatus.DRAFT : EntryStatus.PUBLISHED,
        versions: draft
          ? [{ state: VersionState.DRAFT, content: content(1), at: at(i) }]
          : [
              { state: VersionState.SUPERSEDED, content: content(1), at: at(i) },
              { state: VersionState.PUBLISHED, content: content(2), at: at(i + 100) },
            ],
        publishedNumber: draft ? undefined : 2,
      };
    });
    const ids = await insertBulkEntries(db, bulk);
    const datasets = ids.slice(0, ENTRIES).filter((_, i) => kinds[i % 3] === EntryKind.DATASET);
    await insertBulkRelations(db, [
      ...ids.slice(0, ENTRIES).map((id, i) => ({
        fromId: id,
        toId: ids[(i + 1) % ENTRIES],
        type: RelationType.PART_OF,
      })),
      ...ids
        .slice(0, ENTRIES)
        .filter((_, i) => kinds[i % 3] !== EntryKind.DATASET)
        .map((id, i) => ({
          fromId: id,
          toId: datasets[i % datasets.length],
          type: RelationType.USES_DATASET,
        })),
      ...ids
        .slice(0, 10)
        .map((id) => ({ fromId: id, toId: ids[ENTRIES], type: RelationType.PART_OF })),
    ]);

    // A pass-through spy on the driver: every statement TypeORM sends to PostgreSQL.
    query = jest.spyOn(PostgresQueryRunner.prototype, 'query');
  });
  afterAll(async () => {
    query?.mockRestore();
    await api.stop();
  });

  /** The statements one request sends, split into the token lookup and the rest. */
  async function statementsFor(client: GraphQLClient, first: number) {
    query.mockClear();
    const data = await client.data<any>(PAGE, { first });
    const sql = query.mock.calls.map((call) => String(call[0]).replace(/\s+/g, ' ').trim());
    const token = sql.filter((s) => /\bapi_token\b/.test(s));
    return { data, sql: sql.filter((s) => !token.includes(s)), token };
  }

  it.each([
    ['anonymous', () => api.graphql()],
    ['an auditor', () => api.graphql(tokens.auditor)],
    ['an editor', () => api.graphql(tokens.editorA)],
  ])('for %s: the same statements for 10 and for 50 entries (DataLoader)', async (_who, client) => {
    // Warm-up: the principles catalogue is read once per process and then kept; a token's
    // last_used_at is written at most once a minute.
    await client().data(PAGE, { first: 1 });

    const small = await statementsFor(client(), 10);
    const large = await statementsFor(client(), 50);
    expect(small.data.entries.nodes).toHaveLength(10);
    expect(large.data.entries.nodes).toHaveLength(50);
    // The page really holds what is counted: departments, principles, relations, versions.
    for (const node of large.data.entries.nodes) {
      expect(node.department.slug).toMatch(/^department-[ab]$/);
      expect(node.principles).toHaveLength(2);
      expect(node.relations.length).toBeGreaterThanOrEqual(2);
      expect(node.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
      for (const relation of node.relations) expect(relation.entry.department.slug).toBeTruthy();
    }

    // Three statements, whatever the page size: the page with its departments read along, then
    // side by side its relations with the entries they lead to and their departments (the
    // page's own entries come from its rows), and its published versions (no content).
    expect(small.sql).toHaveLength(3);
    expect(large.sql).toHaveLength(3);
    // Authentication is one lookup per request, whatever the page size (none for the public).
    expect(small.token.length).toBe(large.token.length);
    expect(large.token.length).toBeLessThanOrEqual(1);
  });

  /**
   * The fields a page asks of every entry (and of every entry a relation leads to) are resolved by
   * calling the resolver's method directly: with parameter decorators, Nest would wrap each call
   * in its per-call context (pipes, promises), which cost more than the fields themselves.
   */
  it('resolves the per-entry fields of a page by direct calls', () => {
    const { schema } = api.app.get(GraphQLSchemaHost);
    for (const type of ['Algorithm', 'Dataset', 'IotDeployment']) {
      const fields = (schema.getType(type) as GraphQLObjectType).getFields();
      for (const field of [
        'department',
        'principles',
        'relations',
        'versions',
        'draftRevisions',
        'reviewOverdue',
        'completeness',
      ])
        // A bound method is named `bound <method>` (bound once more on the way to each type).
        expect(`${type}.${field}: ${fields[field].resolve?.name}`).toMatch(
          new RegExp(`^${type}\\.${field}: (bound )+${field}$`),
        );
    }
  });

  /**
   * A department's name takes its language as GraphQL's own argument (FieldArg), so that it too
   * is called directly for the department of every entry of a page.
   */
  it("resolves a department's name by a direct call, its language argument as declared", async () => {
    const { schema } = api.app.get(GraphQLSchemaHost);
    const name = (schema.getType('Department') as GraphQLObjectType).getFields().name;
    expect(name.resolve?.name).toMatch(/^(bound )+name$/);
    expect(name.args.map((a) => [a.name, String(a.type), a.defaultValue])).toEqual([
      ['language', 'Language!', 'en'],
    ]);
    const { entries } = await api.graphql(tokens.auditor).data<any>(
      `{ entries(first: 1) { nodes { department {
           nameSv nameEn name en: name(language: en) sv: name(language: sv) } } } }`,
    );
    const department = entries.nodes[0].department;
    expect(department).toEqual({
      nameSv: department.sv,
      nameEn: department.en,
      name: department.en,
      en: department.en,
      sv: department.sv,
    });
    expect(department.sv).not.toBe(department.en);
    expect(
      await api
        .graphql(tokens.auditor)
        .errorCodes(`{ entries(first: 1) { nodes { department { name(language: de) } } } }`),
    ).toEqual(['BAD_USER_INPUT']);
  });

  /**
   * The page reads ahead what its fields ask of each entry (in the statements counted above), so
   * that each entry's department, principles, relations and versions are plain values: no
   * promise per field of every entry for graphql-js to wait on.
   */
  it.each([
    ['anonymous', () => api.graphql()],
    ['an auditor', () => api.graphql(tokens.auditor)],
    ['an editor', () => api.graphql(tokens.editorA)],
  ])("for %s: a page's per-entry fields resolve to plain values", async (_who, client) => {
    const { schema } = api.app.get(GraphQLSchemaHost);
    const fields = ['department', 'principles', 'relations', 'versions'];
    const results: { field: string; promise: boolean }[] = [];
    const restore: (() => void)[] = [];
    for (const type of ['Algorithm', 'Dataset', 'IotDeployment'])
      for (const [field, definition] of Object.entries(
        (schema.getType(type) as GraphQLObjectType).getFields(),
      )) {
        if (!fields.includes(field)) continue;
        const resolve = definition.resolve!;
        definition.resolve = (...args) => {
          const result = resolve(...args);
          results.push({ field, promise: result instanceof Promise });
          return result;
        };
        restore.push(() => (definition.resolve = resolve));
      }
    try {
      await client().data(PAGE, { first: 1 });
      results.length = 0;
      const data = await client().data<any>(PAGE, { first: 50 });
      expect(data.entries.nodes).toHaveLength(50);
      // Each entry's fields, and the department of every entry a relation leads to.
      expect(results.filter((r) => r.field === 'versions')).toHaveLength(50);
      expect(results.filter((r) => r.field === 'department').length).toBeGreaterThan(100);
      expect(results.filter((r) => r.promise)).toEqual([]);
    } finally {
      restore.forEach((undo) => undo());
    }
  });

  /**
   * A page's views stand in for `findByIds` in the request's loaders (relations and versions do
   * not read the page's entries again): that is only right when they are the very views
   * `findByIds` gives this actor. The published and as-of views are not, and say so.
   */
  it.each([
    ['anonymous', () => ANONYMOUS],
    ['an auditor', () => tokens.actors.auditor],
    [
      'an editor (own department: working copy; the other: public view)',
      () => tokens.actors.editorA,
    ],
  ])("for %s: a page's views are findByIds' views", async (_who, actorOf) => {
    const repository = api.app.get(EntriesRepository);
    const actor = actorOf();
    const page = await repository.page(actor, {
      filter: {},
      orderBy: EntryOrder.TITLE_ASC,
      first: ENTRIES + 1,
    });
    expect(page.actorsViews).toBe(true);
    expect(page.views.length).toBeGreaterThanOrEqual(ENTRIES);
    const byId = await repository.findByIds(
      actor,
      page.views.map((v) => v.entry.id),
    );
    const found = new Map(byId.map((v) => [v.entry.id, v]));
    for (const view of page.views) expect(view).toEqual(found.get(view.entry.id));
    // So is findOne's (the entry query primes the loaders with it too).
    const [one] = page.views;
    expect(await repository.findOne(actor, { id: one.entry.id })).toEqual(one);
    expect(await repository.findOne(actor, { slug: one.entry.slug })).toEqual(one);
    // By id, each entry once, whatever else is asked (a draft only staff may see, unknown ids).
    const draft = await db.getRepository(EntryEntity).findOneByOrFail({ slug: 'query-count-60' });
    const some = await repository.findByIds(actor, [
      one.entry.id,
      draft.id,
      one.entry.id,
      'not-a-uuid',
      randomUUID(),
    ]);
    const draftView = await repository.findOne(actor, { id: draft.id });
    expect(some).toEqual(expect.arrayContaining(draftView ? [one, draftView] : [one]));
    expect(some).toHaveLength(draftView ? 2 : 1);
    // A list reads of each version exactly what a view carries (its type says which columns);
    // the entity's other fields stay undefined (a column read as NULL would be null).
    for (const view of page.views) {
      const read = Object.entries(view.version).filter(([, value]) => value !== undefined);
      expect(read.map(([key]) => key).sort()).toEqual([...VIEW_VERSION_COLUMNS].sort());
    }

    const published = await repository.page(actor, {
      filter: {},
      orderBy: EntryOrder.TITLE_ASC,
      first: 5,
      view: EntryListView.PUBLISHED,
    });
    expect(published.actorsViews).toBe(actor === ANONYMOUS);
    const asOf = await repository.page(actor, {
      filter: {},
      orderBy: EntryOrder.TITLE_ASC,
      first: 5,
      asOf: new Date(),
    });
    expect(asOf.actorsViews).toBe(false);
  });

  /**
   * What a page reads along in its own statement (its entries' departments) is what the loader
   * would have read for it. Read along only for the actor's own views: a published or as-of
   * list's views are not what the loaders serve.
   */
  it.each([
    ['anonymous', () => ANONYMOUS],
    ['an auditor', () => tokens.actors.auditor],
    ['an editor (own department: staff; the other: the public)', () => tokens.actors.editorA],
  ])('for %s: what a page reads along is what the loaders read', async (_who, actorOf) => {
    const repository = api.app.get(EntriesRepository);
    const actor = actorOf();
    const request = { filter: {}, orderBy: EntryOrder.TITLE_ASC, first: ENTRIES + 1 };
    const page = await repository.page(actor, request, { departments: true });
    expect(page.views.length).toBeGreaterThanOrEqual(ENTRIES);
    const byId = (list: DepartmentEntity[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(page.departments)).toEqual(
      byId(
        await api.app
          .get(DepartmentsService)
          .byIds(page.views.map((view) => view.entry.departmentId)),
      ),
    );
    expect(page.departments.every((d) => d instanceof DepartmentEntity)).toBe(true);

    // Nothing is read along unless asked, nor for views that are not the actor's own.
    expect((await repository.page(actor, request)).departments).toEqual([]);
    for (const other of [{ view: EntryListView.PUBLISHED }, { asOf: new Date() }]) {
      const read = await repository.page(actor, { ...request, ...other }, { departments: true });
      const own = read.actorsViews;
      expect({ own, departments: read.departments.length > 0 }).toEqual({ own, departments: own });
    }
  });

  /**
   * A list of versions reads no content; a version's `entry` is read when asked for, in one more
   * batch for the whole page, each as the reader may see it (withheld fields left out for the
   * public, shown to staff).
   */
  it.each([
    ['anonymous', () => api.graphql(), null],
    ['an auditor', () => api.graphql(tokens.auditor), '556000-0000'],
  ])("for %s: each version's entry, read in one batch", async (_who, client, orgNumber) => {
    const VERSIONS = `query($first: Int!) {
      entries(first: $first, orderBy: TITLE_ASC, filter: { kind: [ALGORITHM] }) {
        nodes { title versions { number entry { title version suppliers { orgNumber } } } }
      }
    }`;
    await client().data(VERSIONS, { first: 1 });
    const count = async (first: number) => {
      query.mockClear();
      const data = await client().data<any>(VERSIONS, { first });
      const sql = query.mock.calls
        .map((call) => String(call[0]))
        .filter((s) => !/\bapi_token\b/.test(s));
      return { data, statements: sql.length };
    };
    const small = await count(2);
    const large = await count(15);
    expect(large.statements).toBe(small.statements);
    expect(large.data.entries.nodes).toHaveLength(15);
    for (const node of large.data.entries.nodes) {
      const base = node.title.replace(/ v2$/, '');
      expect(node.versions).toEqual([
        { number: 1, entry: { title: `${base} v1`, version: 1, suppliers: [{ orgNumber }] } },
        { number: 2, entry: { title: `${base} v2`, version: 2, suppliers: [{ orgNumber }] } },
      ]);
    }
  });

  it("one entry's versions: the entry is read once", async () => {
    const id = (await api.graphql(tokens.auditor).data<any>(PAGE, { first: 1 })).entries.nodes[0]
      .id;
    query.mockClear();
    const data = await api
      .graphql(tokens.auditor)
      .data<any>(`query($id: ID!) { entry(id: $id) { versions { number } } }`, { id });
    const sql = query.mock.calls
      .map((call) => String(call[0]))
      .filter((s) => !/\bapi_token\b/.test(s));
    expect(data.entry.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    // The entry (findOne), its versions: no second read of the entry for their visibility.
    expect(sql).toHaveLength(2);
  });

  it('relations of entries (plain SQL, for the loader) are what find gives, oldest first, unknown ids left out', async () => {
    const repository = api.app.get(EntriesRepository);
    const ids = (
      await db.getRepository(EntryRelationEntity).find({ order: { createdAt: 'ASC' }, take: 12 })
    ).map((r) => r.fromEntryId);
    const { relations } = await repository.relationsWithOthers(ANONYMOUS, [
      ...ids,
      ids[0],
      'not-a-uuid',
      randomUUID(),
    ]);
    const found = await db.getRepository(EntryRelationEntity).find({
      where: [{ fromEntryId: In(ids) }, { toEntryId: In(ids) }],
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    expect(relations.length).toBeGreaterThan(12);
    expect(relations.every((r) => r instanceof EntryRelationEntity)).toBe(true);
    const byId = (list: EntryRelationEntity[]) =>
      [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(relations)).toEqual(byId(found));
    const times = relations.map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('departments by id (plain SQL, for the loader) are what find gives, unknown ids left out', async () => {
    const departments = api.app.get(DepartmentsService);
    const ids = [tokens.departmentA.id, tokens.departmentB.id];
    const byIds = await departments.byIds([...ids, ids[0], 'not-a-uuid', randomUUID()]);
    const found = await db.getRepository(DepartmentEntity).findBy({ id: In(ids) });
    const byId = (list: DepartmentEntity[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byIds.every((d) => d instanceof DepartmentEntity)).toBe(true);
    expect(byId(byIds)).toEqual(byId(found));
  });

  /**
   * Each workflow step locks the entry once, reading it with its working version in that one
   * statement, and reads the result once after its writes. What remains is the transaction, the
   * writes, and the audit chain's two statements (audit_event_next(), which locks the chain and
   * stamps the event, and the insert).
   */
  it('each workflow step: one locking read of the entry, the writes, one read of the result', async () => {
    const service = api.app.get(EntriesService);
    const workflow = api.app.get(EntryWorkflowService);
    const { editorA, reviewer } = tokens.actors;
    const input = fullAlgorithmInput('Statement counting');
    const counted = async <T>(step: () => Promise<T>) => {
      query.mockClear();
      const result = await step();
      return { result, sql: query.mock.calls.map((call) => String(call[0]).replace(/\s+/g, ' ')) };
    };
    const entryReads = (sql: string[]) =>
      sql.filter((s) => /^SELECT .*\bFROM "entry" "e"/.test(s)).length;

    const register = await counted(() =>
      service.register(editorA, EntryKind.ALGORITHM, tokens.departmentA.slug, input),
    );
    const id = register.result.entry.id;
    const update = await counted(() =>
      service.update(editorA, id, EntryKind.ALGORITHM, { summary: 'Edited while counting.' }),
    );
    const submit = await counted(() => workflow.submit(editorA, id));
    const returned = await counted(() => workflow.returnToDraft(reviewer, id, 'Once more'));
    await workflow.submit(editorA, id);
    const publish = await counted(() => workflow.publish(reviewer, id, 'Counted'));
    const edit = await counted(() =>
      service.update(editorA, id, EntryKind.ALGORITHM, { summary: 'A new draft on top.' }),
    );
    expect(publish.result.entry.status).toBe(EntryStatus.PUBLISHED);

    const counts = Object.fromEntries(
      Object.entries({ register, update, submit, returned, publish, edit }).map(([step, c]) => [
        step,
        { statements: c.sql.length, entryReads: entryReads(c.sql) },
      ]),
    );
    expect(counts).toEqual(EXPECTED_STEP_COUNTS);
  });
});

/**
 * Statements of each step (START TRANSACTION and COMMIT included) and how many of them read the
 * entry. Before: three reads and 11–12 statements a step (a visibility read, the lock, the version,
 * …, the result). Register writes the entry once (its first version's id chosen beforehand); a
 * new draft on a published entry writes the entry once.
 *   register: department, entry (its slug taken ON CONFLICT), audit slot, version, the entry's
 *     times (the slot's, taken once the slug is held), draft revision, audit insert, result
 *   update/edit: lock, version (or new version), entry, draft revision, audit ×2, result
 *   submit/return: lock, version, entry, audit ×2, result
 *   publish (first): the PART_OF hierarchy's lock, lock, the version's revisions by the
 *     publisher (four eyes), the PART_OF cycle check, version, entry, outbox, audit ×2, result
 * (An audit event is two statements since audit_event_next() places it: the slot, the insert.)
 */
const EXPECTED_STEP_COUNTS = {
  register: { statements: 10, entryReads: 1 },
  update: { statements: 9, entryReads: 2 },
  submit: { statements: 8, entryReads: 2 },
  // The four-eyes read of who wrote the version, as publish has.
  returned: { statements: 9, entryReads: 2 },
  publish: { statements: 12, entryReads: 2 },
  edit: { statements: 9, entryReads: 2 },
};
