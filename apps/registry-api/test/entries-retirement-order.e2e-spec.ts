import { DataSource } from 'typeorm';
import { EntryKind, WithholdingExpiryService } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, Who } from './registry-api.harness';

/**
 * "What changed since X": a retirement is a change. Retiring a published entry moves it to the
 * front of the entries list's UPDATED_AT_DESC order and into its `updatedSince` filter, for the
 * public and for staff alike (as search and the Atom feeds count it), and keyset cursors walk
 * across it exactly. A draft's changes never move anything public, and a list as of a moment
 * before the retirement knows nothing of it.
 */
describe('entries list: a retirement counts as a change', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let as: Record<Who, GraphQLClient>;
  let setup: EntrySetup;
  /** Published first, retired last: the oldest publication, the newest public change. */
  let retired: string;
  /** Published, then given a draft after the retirement (staff see the draft's change). */
  let drafted: string;
  let others: string[];
  let retiredAt: string;
  let publishedAt: string;

  const ALL = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'RETIRED'];
  const PUBLIC = ['PUBLISHED', 'RETIRED'];

  /** The readers: who, which view, and which statuses they can have. */
  const READERS: [string, Who, 'WORKING' | 'PUBLISHED', boolean][] = [
    ['the public', 'anonymous', 'WORKING', false],
    ['an editor of another department', 'editorB', 'WORKING', false],
    ['an auditor, published view', 'auditor', 'PUBLISHED', false],
    ['the entry’s own editor', 'editorA', 'WORKING', true],
    ['an auditor, working view', 'auditor', 'WORKING', true],
  ];

  interface Node {
    id: string;
    status: string;
    updatedAt: string;
    retiredAt: string | null;
  }
  interface Page {
    edges: { cursor: string; node: Node }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }

  const list = async (
    who: Who,
    args: { view?: string; first?: number; after?: string | null; asOf?: string },
    filter: Record<string, unknown>,
  ): Promise<Page> =>
    (
      await as[who].data<{ entries: Page }>(
        `query($first: Int!, $after: String, $view: EntryListView!, $asOf: DateTime, $filter: EntryFilterInput) {
          entries(first: $first, after: $after, view: $view, asOf: $asOf, orderBy: UPDATED_AT_DESC, filter: $filter) {
            edges { cursor node { id status updatedAt retiredAt } }
            pageInfo { hasNextPage endCursor }
          }
        }`,
        {
          first: args.first ?? 100,
          after: args.after ?? null,
          view: args.view ?? 'WORKING',
          asOf: args.asOf ?? null,
          filter,
        },
      )
    ).entries;
  const ids = (page: Page) => page.edges.map((e) => e.node.id);
  const shifted = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-retirement-order');
    tokens = await createTestTokens(api.app.get(DataSource));
    as = api.clients(tokens);
    setup = new EntrySetup(api.app, tokens);

    retired = await setup.published(EntryKind.DATASET, 'Retired last, published first');
    others = [
      await setup.published(EntryKind.ALGORITHM, 'Published second', 'A'),
      await setup.published(EntryKind.DATASET, 'Published third', 'B'),
      await setup.published(EntryKind.IOT_DEPLOYMENT, 'Published fourth', 'A'),
    ];
    drafted = await setup.published(EntryKind.ALGORITHM, 'Published fifth, drafted later');
    const { retireEntry } = await as.reviewer.data<{ retireEntry: Node }>(
      `mutation($id: ID!) { retireEntry(id: $id, reason: "Replaced") { id status updatedAt retiredAt } }`,
      { id: retired },
    );
    retiredAt = retireEntry.retiredAt!;
    // After the retirement: a change to a draft only its staff may see.
    await setup.edit(drafted, EntryKind.ALGORITHM, { summary: 'A pending change.' });
    const { entry } = await as.anonymous.data<{ entry: { publishedAt: string } }>(
      `query($id: ID!) { entry(id: $id) { publishedAt } }`,
      { id: retired },
    );
    publishedAt = entry.publishedAt;
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('the retirement is the newest public change', () => {
    expect(Date.parse(retiredAt)).toBeGreaterThan(Date.parse(publishedAt));
  });

  describe.each(READERS)('%s', (_name, who, view, staff) => {
    const statuses = staff ? ALL : PUBLIC;

    it('updatedSince just before the retirement finds the retired entry, at its retirement', async () => {
      const page = await list(
        who,
        { view },
        { updatedSince: shifted(retiredAt, -1), status: statuses },
      );
      // Staff also see the draft written after the retirement; the public nothing of it.
      expect(ids(page)).toEqual(staff ? [drafted, retired] : [retired]);
      const node = page.edges.find((e) => e.node.id === retired)!.node;
      expect(node).toEqual({ id: retired, status: 'RETIRED', updatedAt: retiredAt, retiredAt });
      // At the very moment it still counts; a millisecond later it is older than the filter.
      expect(
        ids(await list(who, { view }, { updatedSince: retiredAt, status: statuses })),
      ).toContain(retired);
      expect(
        ids(await list(who, { view }, { updatedSince: shifted(retiredAt, 1), status: statuses })),
      ).toEqual(staff ? [drafted] : []);
    });

    it('UPDATED_AT_DESC puts it first (after staff’s later draft), in the order of updatedAt', async () => {
      const page = await list(who, { view }, { status: statuses });
      expect(ids(page).slice(0, staff ? 2 : 1)).toEqual(staff ? [drafted, retired] : [retired]);
      expect(new Set(ids(page))).toEqual(new Set([retired, drafted, ...others]));
      const keys = page.edges.map((e) => [Date.parse(e.node.updatedAt), e.node.id] as const);
      const sorted = [...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1));
      expect(keys).toEqual(sorted);
    });

    it.each([1, 2])('cursor pages of %i walk across it exactly', async (first) => {
      const whole = ids(await list(who, { view }, { status: statuses }));
      for (const filter of [
        { status: statuses },
        { status: statuses, updatedSince: shifted(retiredAt, -1) },
      ]) {
        const expected = filter.updatedSince ? (staff ? [drafted, retired] : [retired]) : whole;
        const walked: string[] = [];
        let after: string | null = null;
        for (let pages = 0; pages <= whole.length; pages++) {
          const page: Page = await list(who, { view, first, after }, filter);
          walked.push(...ids(page));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(walked).toEqual(expected);
      }
    });
  });

  it('counts it in the stage RETIRED, though its content still names the stage it stood in', async () => {
    const { entry } = await as.anonymous.data<{ entry: { lifecycle: { stage: string } } }>(
      `query($id: ID!) { entry(id: $id) { lifecycle { stage } } }`,
      { id: retired },
    );
    expect(entry.lifecycle.stage).toBe('IN_USE');
    for (const who of ['anonymous', 'auditor'] as const) {
      const inUse = ids(await list(who, {}, { status: PUBLIC, lifecycle: ['IN_USE'] }));
      expect(inUse).toEqual(expect.arrayContaining(others));
      expect(inUse).not.toContain(retired);
      const gone = { status: PUBLIC, lifecycle: ['RETIRED', 'PLANNED'] };
      expect(ids(await list(who, {}, gone))).toEqual([retired]);
      const { registerStats } = await as[who].data<{
        registerStats: { lifecycle: string | null; count: number }[];
      }>(
        `query($f: EntryFilterInput) { registerStats(filter: $f, groupBy: [LIFECYCLE]) { lifecycle count } }`,
        { f: { status: PUBLIC } },
      );
      expect(registerStats).toContainEqual({ lifecycle: 'RETIRED', count: 1 });
      expect(registerStats).toContainEqual({ lifecycle: 'IN_USE', count: inUse.length });
    }
  });

  it('the default list (without RETIRED) still leaves it out', async () => {
    const page = await list('anonymous', {}, { updatedSince: shifted(retiredAt, -1) });
    expect(ids(page)).toEqual([]);
  });

  it('as of a moment before the retirement, lists know nothing of it', async () => {
    const asOf = shifted(retiredAt, -1);
    const since = await list(
      'anonymous',
      { asOf },
      {
        status: PUBLIC,
        updatedSince: shifted(publishedAt, 1),
      },
    );
    // Published later than the retired entry: the others, not it (its retirement is to come).
    expect(ids(since)).not.toContain(retired);
    const page = await list('anonymous', { asOf }, { status: PUBLIC });
    const node = page.edges.find((e) => e.node.id === retired)!.node;
    expect(node).toEqual({
      id: retired,
      status: 'PUBLISHED',
      updatedAt: publishedAt,
      retiredAt: null,
    });
    // Published first: last in the order then.
    expect(ids(page).at(-1)).toBe(retired);
  });

  it('as of the retirement and after, lists know it as a change, as the live list does', async () => {
    for (const asOf of [retiredAt, new Date().toISOString()]) {
      const page = await list('anonymous', { asOf }, { status: PUBLIC });
      expect(page.edges[0].node).toEqual({
        id: retired,
        status: 'RETIRED',
        updatedAt: retiredAt,
        retiredAt,
      });
      const since = await list(
        'anonymous',
        { asOf },
        {
          status: PUBLIC,
          updatedSince: shifted(retiredAt, -1),
        },
      );
      expect(ids(since)).toEqual([retired]);
      // Without RETIRED, as the live list: left out.
      expect(ids(await list('anonymous', { asOf }, {}))).not.toContain(retired);
    }
    // The live list agrees with the list as of now.
    const live = await list('anonymous', {}, { status: PUBLIC });
    const now = await list('anonymous', { asOf: new Date().toISOString() }, { status: PUBLIC });
    expect(now.edges.map((e) => e.node)).toEqual(live.edges.map((e) => e.node));
  });

  it('as of any moment, the order is the order of the updatedAt shown', async () => {
    for (const asOf of [shifted(retiredAt, -1), retiredAt, new Date().toISOString()]) {
      const page = await list('anonymous', { asOf }, { status: PUBLIC });
      expect(page.edges).toHaveLength(5);
      const keys = page.edges.map((e) => [Date.parse(e.node.updatedAt), e.node.id] as const);
      const sorted = [...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1));
      expect(keys).toEqual(sorted);
      const walked: string[] = [];
      let after: string | null = null;
      // Pages of 2 across both parts (the retired entries and the others).
      for (let pages = 0; pages <= keys.length; pages++) {
        const next: Page = await list('anonymous', { asOf, first: 2, after }, { status: PUBLIC });
        walked.push(...ids(next));
        if (!next.pageInfo.hasNextPage) break;
        after = next.pageInfo.endCursor;
      }
      expect(walked).toEqual(ids(page));
    }
  });

  // Last: it publishes an entry of its own.
  it('a day’s refresh of the derived columns (a review falling due, a withholding ending) is no change', async () => {
    const id = await setup.published(EntryKind.DATASET, 'Review falls due');
    const { entry } = await as.anonymous.data<{ entry: { updatedAt: string } }>(
      `query($id: ID!) { entry(id: $id) { updatedAt } }`,
      { id },
    );
    // As on the day after its review date (or the end of a withholding): refreshed.
    const db = api.app.get(DataSource);
    await db.query(
      `UPDATE entry_version SET withheld_until = DATE '2000-01-01'
        WHERE id = (SELECT published_version_id FROM entry WHERE id = $1)`,
      [id],
    );
    expect(await api.app.get(WithholdingExpiryService).refresh()).toBeGreaterThanOrEqual(1);
    for (const [who, view] of READERS.map(([, w, v]) => [w, v] as const)) {
      const page = await list(who, { view }, { updatedSince: shifted(entry.updatedAt, 1) });
      expect({ who, found: ids(page).includes(id) }).toEqual({ who, found: false });
    }
    const after = await as.anonymous.data<{ entry: { updatedAt: string } }>(
      `query($id: ID!) { entry(id: $id) { updatedAt } }`,
      { id },
    );
    expect(after.entry.updatedAt).toBe(entry.updatedAt);
  });
});
