import { DataSource } from 'typeorm';
import { EntryKind, RelationType, Theme } from '@insyn/registry';
import { createTestTokens, GraphQLClient, GraphQLResponse, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput } from './entry-fixtures';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, Who } from './registry-api.harness';

const EVERYONE: Who[] = ['anonymous', 'editorA', 'editorB', 'reviewer', 'auditor', 'admin'];

/**
 * What a cell expects: OK (the operation happened / the thing is visible), NULL (a query answered
 * null or did not list it: not visible), or the exact error code of the refusal.
 */
type Outcome = 'OK' | 'NULL' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT';

interface Row {
  name: string;
  /** A mutation writes exactly one audit row when allowed and none when refused. */
  mutation: boolean;
  /** State for the cell (fresh per actor for mutations): entry ids and the like. */
  arrange: () => Promise<Record<string, string>>;
  /** The operation over HTTP, reduced to its outcome. */
  act: (client: GraphQLClient, ids: Record<string, string>) => Promise<Outcome>;
  expected: Record<Who, Outcome>;
}

/** Reads, by role: department A's staff and the city-wide roles see A's drafts. */
const SEES_DRAFTS: Record<Who, Outcome> = {
  anonymous: 'NULL',
  editorA: 'OK',
  editorB: 'NULL',
  reviewer: 'OK',
  auditor: 'OK',
  admin: 'OK',
};
const SEES_PUBLISHED: Record<Who, Outcome> = {
  anonymous: 'OK',
  editorA: 'OK',
  editorB: 'OK',
  reviewer: 'OK',
  auditor: 'OK',
  admin: 'OK',
};
/** Nobody: an id that names no entry is null for every reader, never an error. */
const NOBODY_SEES: Record<Who, Outcome> = {
  anonymous: 'NULL',
  editorA: 'NULL',
  editorB: 'NULL',
  reviewer: 'NULL',
  auditor: 'NULL',
  admin: 'NULL',
};
/** A read naming an id that is no entry id: the caller's mistake, the same for every reader. */
const NOBODY_READS_MALFORMED: Record<Who, Outcome> = {
  anonymous: 'BAD_USER_INPUT',
  editorA: 'BAD_USER_INPUT',
  editorB: 'BAD_USER_INPUT',
  reviewer: 'BAD_USER_INPUT',
  auditor: 'BAD_USER_INPUT',
  admin: 'BAD_USER_INPUT',
};
/** A write naming no entry: NOT_FOUND for every token (the anonymous are told to authenticate). */
const NOBODY_WRITES: Record<Who, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  editorA: 'NOT_FOUND',
  editorB: 'NOT_FOUND',
  reviewer: 'NOT_FOUND',
  auditor: 'NOT_FOUND',
  admin: 'NOT_FOUND',
};
/** A write naming an id that is no entry id: the caller's mistake, BAD_USER_INPUT for every token. */
const NOBODY_WRITES_MALFORMED: Record<Who, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  editorA: 'BAD_USER_INPUT',
  editorB: 'BAD_USER_INPUT',
  reviewer: 'BAD_USER_INPUT',
  auditor: 'BAD_USER_INPUT',
  admin: 'BAD_USER_INPUT',
};
/** Content writes on A's draft: A's editors and admins; B does not even see the draft. */
const WRITES_A_DRAFT: Record<Who, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  editorA: 'OK',
  editorB: 'NOT_FOUND',
  reviewer: 'FORBIDDEN',
  auditor: 'FORBIDDEN',
  admin: 'OK',
};
/** Content writes on A's published entry: B sees it, and is refused. */
const WRITES_A_PUBLISHED: Record<Who, Outcome> = { ...WRITES_A_DRAFT, editorB: 'FORBIDDEN' };
/** Four eyes: reviewers and admins publish or return A's entry in review. */
const REVIEWS_A: Record<Who, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  editorA: 'FORBIDDEN',
  editorB: 'NOT_FOUND',
  reviewer: 'OK',
  auditor: 'FORBIDDEN',
  admin: 'OK',
};

describe('the authorization matrix of registry entries (GraphQL over HTTP)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;
  let setup: EntrySetup;
  let client: Record<Who, GraphQLClient>;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-authorization');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    setup = new EntrySetup(api.app, tokens);
    client = api.clients(tokens);
  });
  afterAll(async () => {
    await api.stop();
  });

  let unique = 0;
  const title = (what: string) => `${what} ${++unique}`;
  const draftA = () => setup.draft(EntryKind.ALGORITHM, title('Draft of A'));
  const publishedA = () => setup.published(EntryKind.ALGORITHM, title('Published of A'));
  /** Drafts the listing rows look for, with a theme no other entry of this file has (≤ 100 of them). */
  const listedDraftA = () =>
    setup.draft(EntryKind.ALGORITHM, title('Listed draft of A'), 'A', {
      theme: Theme.CULTURE_AND_LEISURE,
    });
  const datasetA = () => setup.published(EntryKind.DATASET, title('Dataset of A'));

  /** A mutation's outcome: OK with a result, else the one error code (never a 500). */
  const mutationOutcome = (result: GraphQLResponse<any>): Outcome => {
    if (!result.errors?.length) {
      expect(result.data).toBeTruthy();
      return 'OK';
    }
    expect(result.errors).toHaveLength(1);
    return result.errors[0].extensions?.code as Outcome;
  };
  /** A query's outcome: OK when it answered something, NULL when null, else the error code. */
  const queryOutcome = (result: GraphQLResponse<any>, answer: (data: any) => unknown): Outcome => {
    if (result.errors?.length) return result.errors[0].extensions?.code as Outcome;
    return answer(result.data) === null || answer(result.data) === undefined ? 'NULL' : 'OK';
  };
  const mutate = async (c: GraphQLClient, query: string, variables: Record<string, unknown>) =>
    mutationOutcome(await c.request<any>(query, variables));
  const entryOutcome = async (c: GraphQLClient, variables: Record<string, unknown>) =>
    queryOutcome(
      await c.request<any>(
        `query($id: ID, $slug: String) { entry(id: $id, slug: $slug) { id title } }`,
        variables,
      ),
      (d) => d.entry,
    );

  const ROWS: Row[] = [
    {
      name: 'entry(id) of a draft of A',
      mutation: false,
      arrange: async () => ({ id: await draftA() }),
      act: (c, { id }) => entryOutcome(c, { id }),
      expected: SEES_DRAFTS,
    },
    {
      name: 'entry(slug) of a draft of A',
      mutation: false,
      arrange: async () => {
        const id = await draftA();
        const [{ slug }] = await db.query(`SELECT slug FROM entry WHERE id = $1`, [id]);
        return { slug };
      },
      act: (c, { slug }) => entryOutcome(c, { slug }),
      expected: SEES_DRAFTS,
    },
    {
      name: 'entry(id) of a published entry of A',
      mutation: false,
      arrange: async () => ({ id: await publishedA() }),
      act: (c, { id }) => entryOutcome(c, { id }),
      expected: SEES_PUBLISHED,
    },
    {
      name: 'entries lists a draft of A',
      mutation: false,
      arrange: async () => ({ id: await listedDraftA() }),
      act: async (c, { id }) =>
        queryOutcome(
          await c.request<any>(
            `{ entries(first: 100, filter: { theme: [CULTURE_AND_LEISURE] }) { nodes { id } } }`,
          ),
          (d) => d.entries.nodes.find((n: { id: string }) => n.id === id) ?? null,
        ),
      expected: SEES_DRAFTS,
    },
    {
      name: 'entries lists a draft of A when asked for DRAFT explicitly',
      mutation: false,
      arrange: async () => ({ id: await draftA() }),
      act: async (c, { id }) =>
        queryOutcome(
          await c.request<any>(
            `{ entries(first: 100, filter: { status: [DRAFT] }) { nodes { id } } }`,
          ),
          (d) => d.entries.nodes.find((n: { id: string }) => n.id === id) ?? null,
        ),
      expected: SEES_DRAFTS,
    },
    {
      name: 'a draft of A reached through a relation of A’s published entry',
      mutation: false,
      arrange: async () => {
        const from = await publishedA();
        const to = await setup.draft(EntryKind.DATASET, title('Draft dataset of A'));
        await setup.link(from, to, RelationType.USES_DATASET);
        return { from, to };
      },
      act: async (c, { from, to }) =>
        queryOutcome(
          await c.request<any>(
            `query($id: ID!) { entry(id: $id) { relations { entry { id } } } }`,
            { id: from },
          ),
          (d) => d.entry.relations.find((r: any) => r.entry.id === to) ?? null,
        ),
      expected: SEES_DRAFTS,
    },
    {
      name: 'a draft of A reached through an incoming relation of B’s published entry',
      mutation: false,
      arrange: async () => {
        const to = await setup.published(EntryKind.DATASET, title('Dataset of B'), 'B');
        const from = await draftA();
        await setup.link(from, to, RelationType.USES_DATASET);
        return { from, to };
      },
      act: async (c, { from, to }) =>
        queryOutcome(
          await c.request<any>(
            `query($id: ID!) { entry(id: $id) { relations { direction entry { id } } } }`,
            { id: to },
          ),
          (d) => d.entry.relations.find((r: any) => r.entry.id === from) ?? null,
        ),
      expected: SEES_DRAFTS,
    },
    {
      name: 'guessing an id: a random uuid',
      mutation: false,
      arrange: async () => ({ id: '6b0f3c1e-3f7a-4d6a-9c59-2a3c1d4e5f60' }),
      act: (c, { id }) => entryOutcome(c, { id }),
      expected: NOBODY_SEES,
    },
    {
      name: 'guessing an id: not a uuid',
      mutation: false,
      arrange: async () => ({ id: `not-a-uuid'; SELECT 1 --` }),
      act: (c, { id }) => entryOutcome(c, { id }),
      expected: NOBODY_READS_MALFORMED,
    },
    {
      name: 'guessing an id: entryDiff of a random uuid',
      mutation: false,
      arrange: async () => ({ id: '3d9c1a4e-0b2f-4c6d-8e7f-9a0b1c2d3e4f' }),
      act: async (c, { id }) =>
        queryOutcome(
          await c.request<any>(
            `query($id: ID!) { entryDiff(id: $id, fromVersion: 1, toVersion: 2) { field } }`,
            { id },
          ),
          (d) => d.entryDiff,
        ),
      expected: NOBODY_SEES,
    },
    {
      name: 'entryDiff to the draft version of A’s published entry',
      mutation: false,
      arrange: async () => {
        const id = await publishedA();
        await setup.edit(id, EntryKind.ALGORITHM, { summary: 'A draft summary' });
        return { id };
      },
      act: async (c, { id }) =>
        queryOutcome(
          await c.request<any>(
            `query($id: ID!) { entryDiff(id: $id, fromVersion: 1, toVersion: 2) { field before after } }`,
            { id },
          ),
          (d) => d.entryDiff,
        ),
      expected: SEES_DRAFTS,
    },
    {
      name: 'entryDiff within a never-published draft of A',
      mutation: false,
      arrange: async () => ({ id: await draftA() }),
      act: async (c, { id }) =>
        queryOutcome(
          await c.request<any>(
            `query($id: ID!) { entryDiff(id: $id, fromVersion: 1, toVersion: 1) { field } }`,
            { id },
          ),
          (d) => d.entryDiff,
        ),
      expected: SEES_DRAFTS,
    },
    {
      name: 'registerAlgorithm in department-a',
      mutation: true,
      arrange: async () => ({}),
      act: (c) =>
        mutate(
          c,
          `mutation($input: AlgorithmInput!) { e: registerAlgorithm(departmentSlug: "department-a", input: $input) { id } }`,
          { input: fullAlgorithmInput(title('Registered')) },
        ),
      expected: {
        anonymous: 'UNAUTHENTICATED',
        editorA: 'OK',
        editorB: 'FORBIDDEN',
        reviewer: 'FORBIDDEN',
        auditor: 'FORBIDDEN',
        admin: 'OK',
      },
    },
    {
      name: 'updateAlgorithm on a draft of A',
      mutation: true,
      arrange: async () => ({ id: await draftA() }),
      act: (c, { id }) =>
        mutate(
          c,
          `mutation($id: ID!) { e: updateAlgorithm(id: $id, input: { summary: "Edited" }) { id } }`,
          {
            id,
          },
        ),
      expected: WRITES_A_DRAFT,
    },
    {
      name: 'updateAlgorithm on a published entry of A',
      mutation: true,
      arrange: async () => ({ id: await publishedA() }),
      act: (c, { id }) =>
        mutate(
          c,
          `mutation($id: ID!) { e: updateAlgorithm(id: $id, input: { summary: "Edited" }) { id } }`,
          {
            id,
          },
        ),
      expected: WRITES_A_PUBLISHED,
    },
    {
      name: 'linkEntries from a draft of A',
      mutation: true,
      arrange: async () => ({ from: await draftA(), to: await datasetA() }),
      act: (c, { from, to }) =>
        mutate(c, `mutation($input: LinkEntriesInput!) { e: linkEntries(input: $input) { id } }`, {
          input: { fromId: from, toId: to, type: 'USES_DATASET' },
        }),
      expected: WRITES_A_DRAFT,
    },
    {
      name: 'linkEntries from a published entry of A',
      mutation: true,
      arrange: async () => ({ from: await publishedA(), to: await datasetA() }),
      act: (c, { from, to }) =>
        mutate(c, `mutation($input: LinkEntriesInput!) { e: linkEntries(input: $input) { id } }`, {
          input: { fromId: from, toId: to, type: 'USES_DATASET' },
        }),
      expected: WRITES_A_PUBLISHED,
    },
    {
      name: 'unlinkEntries from a draft of A',
      mutation: true,
      arrange: async () => {
        const [from, to] = [await draftA(), await datasetA()];
        await setup.link(from, to, RelationType.USES_DATASET);
        return { from, to };
      },
      act: (c, { from, to }) =>
        mutate(
          c,
          `mutation($input: LinkEntriesInput!) { e: unlinkEntries(input: $input) { id } }`,
          {
            input: { fromId: from, toId: to, type: 'USES_DATASET' },
          },
        ),
      expected: WRITES_A_DRAFT,
    },
    {
      name: 'unlinkEntries from a published entry of A',
      mutation: true,
      arrange: async () => {
        const [from, to] = [await publishedA(), await datasetA()];
        await setup.link(from, to, RelationType.USES_DATASET);
        return { from, to };
      },
      act: (c, { from, to }) =>
        mutate(
          c,
          `mutation($input: LinkEntriesInput!) { e: unlinkEntries(input: $input) { id } }`,
          {
            input: { fromId: from, toId: to, type: 'USES_DATASET' },
          },
        ),
      expected: WRITES_A_PUBLISHED,
    },
    {
      name: 'submitEntryForReview of a draft of A',
      mutation: true,
      arrange: async () => ({ id: await draftA() }),
      act: (c, { id }) =>
        mutate(c, `mutation($id: ID!) { e: submitEntryForReview(id: $id) { id status } }`, { id }),
      expected: WRITES_A_DRAFT,
    },
    {
      name: 'publishEntry of an entry of A in review',
      mutation: true,
      arrange: async () => {
        const id = await draftA();
        await setup.submit(id);
        return { id };
      },
      act: (c, { id }) =>
        mutate(
          c,
          `mutation($id: ID!) { e: publishEntry(id: $id, changeNote: "First") { id status } }`,
          {
            id,
          },
        ),
      expected: REVIEWS_A,
    },
    {
      name: 'returnEntryToDraft of an entry of A in review',
      mutation: true,
      arrange: async () => {
        const id = await draftA();
        await setup.submit(id);
        return { id };
      },
      act: (c, { id }) =>
        mutate(
          c,
          `mutation($id: ID!) { e: returnEntryToDraft(id: $id, reason: "Needs work") { id status } }`,
          { id },
        ),
      expected: REVIEWS_A,
    },
    {
      name: 'retireEntry of a published entry of A',
      mutation: true,
      arrange: async () => ({ id: await publishedA() }),
      act: (c, { id }) =>
        mutate(
          c,
          `mutation($id: ID!) { e: retireEntry(id: $id, reason: "Replaced") { id status } }`,
          {
            id,
          },
        ),
      expected: {
        anonymous: 'UNAUTHENTICATED',
        editorA: 'OK',
        editorB: 'FORBIDDEN',
        reviewer: 'OK',
        auditor: 'FORBIDDEN',
        admin: 'OK',
      },
    },
    {
      name: 'withdrawSubmission of a draft of A in review',
      mutation: true,
      arrange: async () => {
        const id = await draftA();
        await setup.submit(id);
        return { id };
      },
      act: (c, { id }) =>
        mutate(c, `mutation($id: ID!) { e: withdrawSubmission(id: $id) { id status } }`, { id }),
      expected: WRITES_A_DRAFT,
    },
    {
      name: 'withdrawSubmission of the pending version of A’s published entry',
      mutation: true,
      arrange: async () => {
        const id = await publishedA();
        await setup.edit(id, EntryKind.ALGORITHM, { summary: 'A submitted change' });
        await setup.submit(id);
        return { id };
      },
      act: (c, { id }) =>
        mutate(c, `mutation($id: ID!) { e: withdrawSubmission(id: $id) { id status } }`, { id }),
      expected: WRITES_A_PUBLISHED,
    },
    {
      name: 'discardDraft of a never-published draft of A',
      mutation: true,
      arrange: async () => ({ id: await draftA() }),
      act: (c, { id }) =>
        mutate(c, `mutation($id: ID!) { e: discardDraft(id: $id) { entryId entryRemoved } }`, {
          id,
        }),
      expected: WRITES_A_DRAFT,
    },
    {
      name: 'discardDraft of the pending draft of A’s published entry',
      mutation: true,
      arrange: async () => {
        const id = await publishedA();
        await setup.edit(id, EntryKind.ALGORITHM, { summary: 'A draft summary' });
        return { id };
      },
      act: (c, { id }) =>
        mutate(
          c,
          `mutation($id: ID!) { e: discardDraft(id: $id) { entryId entry { id status } } }`,
          { id },
        ),
      expected: WRITES_A_PUBLISHED,
    },
    {
      name: 'updateAlgorithm guessing an id (not a uuid)',
      mutation: true,
      arrange: async () => ({ id: 'entry-42' }),
      act: (c, { id }) =>
        mutate(
          c,
          `mutation($id: ID!) { e: updateAlgorithm(id: $id, input: { summary: "Edited" }) { id } }`,
          { id },
        ),
      expected: NOBODY_WRITES_MALFORMED,
    },
    {
      name: 'retireEntry guessing an id (random uuid)',
      mutation: true,
      arrange: async () => ({ id: 'f0e1d2c3-b4a5-4968-8776-655443322110' }),
      act: (c, { id }) =>
        mutate(c, `mutation($id: ID!) { e: retireEntry(id: $id, reason: "Replaced") { id } }`, {
          id,
        }),
      expected: NOBODY_WRITES,
    },
    {
      name: 'discardDraft guessing an id (random uuid)',
      mutation: true,
      arrange: async () => ({ id: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5' }),
      act: (c, { id }) =>
        mutate(c, `mutation($id: ID!) { e: discardDraft(id: $id) { entryId } }`, { id }),
      expected: NOBODY_WRITES,
    },
    {
      name: 'withdrawSubmission guessing an id (not a uuid)',
      mutation: true,
      arrange: async () => ({ id: 'entry-43' }),
      act: (c, { id }) =>
        mutate(c, `mutation($id: ID!) { e: withdrawSubmission(id: $id) { id } }`, { id }),
      expected: NOBODY_WRITES_MALFORMED,
    },
    {
      name: 'complianceReport, city-wide',
      mutation: false,
      arrange: async () => ({}),
      act: async (c) =>
        queryOutcome(
          await c.request<any>(`{ complianceReport { published } }`),
          (d) => d.complianceReport,
        ),
      expected: {
        ...SEES_DRAFTS,
        anonymous: 'UNAUTHENTICATED',
        editorA: 'FORBIDDEN',
        editorB: 'FORBIDDEN',
      },
    },
    {
      name: 'complianceReport of department A',
      mutation: false,
      arrange: async () => ({}),
      act: async (c) =>
        queryOutcome(
          await c.request<any>(
            `query($slug: String) { complianceReport(departmentSlug: $slug) { published } }`,
            {
              slug: tokens.departmentA.slug,
            },
          ),
          (d) => d.complianceReport,
        ),
      expected: { ...SEES_DRAFTS, anonymous: 'UNAUTHENTICATED', editorB: 'FORBIDDEN' },
    },
    {
      name: 'draftRevisions of A’s published entry',
      mutation: false,
      arrange: async () => ({ id: await publishedA() }),
      act: async (c, { id }) =>
        queryOutcome(
          await c.request<any>(
            `query($id: ID!) { entry(id: $id) { draftRevisions { revision } } }`,
            { id },
          ),
          (d) => d.entry.draftRevisions,
        ),
      expected: SEES_DRAFTS,
    },
    {
      name: 'who did what in the versions of A’s published entry (workflow, valueAuthors)',
      mutation: false,
      arrange: async () => ({ id: await publishedA() }),
      act: async (c, { id }) =>
        queryOutcome(
          await c.request<any>(
            `query($id: ID!) { entry(id: $id) { versions { workflow { published { personId } } valueAuthors { field } } } }`,
            { id },
          ),
          (d) => {
            const [v] = d.entry.versions;
            expect(v.workflow === null).toBe(v.valueAuthors === null);
            return v.workflow;
          },
        ),
      expected: SEES_DRAFTS,
    },
  ];

  /** Audit rows written per actor label since the row with id `after`. */
  const auditRowsSince = async (after: number): Promise<Record<string, number>> => {
    const rows: { label: string; n: number }[] = await db.query(
      `SELECT actor_label AS label, count(*)::int AS n FROM audit_event WHERE id > $1 GROUP BY actor_label`,
      [after],
    );
    return Object.fromEntries(rows.map((r) => [r.label, r.n]));
  };
  const lastAuditId = async () =>
    Number((await db.query(`SELECT coalesce(max(id), 0) AS id FROM audit_event`))[0].id);

  /**
   * One test per operation, checking its six cells at once: for a mutation each actor acts on
   * fresh state of its own (arranged through the services, in parallel), so no cell can influence
   * another.
   */
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    // Reads change nothing: the six readers share one fixture.
    const fixtures = row.mutation
      ? await Promise.all(EVERYONE.map(() => row.arrange()))
      : Array<Record<string, string>>(EVERYONE.length).fill(await row.arrange());
    const before = await lastAuditId();
    const outcomes = await Promise.all(EVERYONE.map((who, i) => row.act(client[who], fixtures[i])));
    expect(Object.fromEntries(EVERYONE.map((who, i) => [who, outcomes[i]]))).toEqual(row.expected);
    // Allowed mutations write exactly one audit row, in the actor's name; refusals and reads none.
    const expectedAudit = Object.fromEntries(
      EVERYONE.filter((who) => row.mutation && row.expected[who] === 'OK').map((who) => [
        `test ${who}`,
        1,
      ]),
    );
    expect(await auditRowsSince(before)).toEqual(expectedAudit);
  });
});
