import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EntryKind, EntryWorkflowService } from '@insyn/registry';
import { SearchIndexer, SearchRuntime } from '@insyn/search';
import { createTestTokens, eventually, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { fullAlgorithmInput } from './entry-fixtures';
import { RegistryApiHarness } from './registry-api.harness';

const SUFFIXED = (base: string) => new RegExp(`^${base}-[0-9a-f]{6}$`);

/** Everything the public can ask about a title, as GraphQL answers it to an anonymous reader. */
const PUBLIC_QUERY = `query($slug: String!, $word: String!) {
  entry(slug: $slug) { id slug title status version firstPublishedAt publishedAt }
  entries(first: 100, view: PUBLISHED) { totalCount nodes { id slug title status } }
  search(query: $word) { estimatedTotalHits hits { id slug title status } }
}`;

/**
 * An entry's slug is settled at its first publication from what is public: the probe that found
 * an unpublished title behind a `-827268` suffix (a draft of department A holding the title's
 * slug, department B's entry of the same title published with a suffix) must see the same as if
 * A's draft had never existed.
 */
describe("an entry's public slug tells nothing of drafts (GraphQL, site, search, audit)", () => {
  const TITLE = 'Probe utkast zyxdrafttitle';
  const BASE = 'probe-utkast-zyxdrafttitle';

  /** One API with its own database and index: the world with A's draft, or without it. */
  interface World {
    api: RegistryApiHarness;
    db: DataSource;
    tokens: TestTokens;
    setup: EntrySetup;
    indexer: SearchIndexer;
  }
  const worlds: World[] = [];
  const startWorld = async (label: string): Promise<World> => {
    const api = await RegistryApiHarness.start(label, {}, { rateLimit: { limit: 100_000 } });
    const db = api.app.get(DataSource);
    const tokens = await createTestTokens(db);
    const world = {
      api,
      db,
      tokens,
      setup: new EntrySetup(api.app, tokens),
      indexer: new SearchIndexer(db, api.app.get(SearchRuntime), { verifyIntervalMs: 0 }),
    };
    worlds.push(world);
    return world;
  };
  afterAll(async () => {
    for (const world of worlds) await world.api.stop();
  });

  const registerAs = async (world: World, who: 'editorA' | 'editorB', title: string) => {
    const department = who === 'editorA' ? 'department-a' : 'department-b';
    const answer = await world.api
      .graphql(world.tokens[who])
      .data<{ entry: { id: string; slug: string } }>(
        `mutation($input: AlgorithmInput!) { entry: registerAlgorithm(departmentSlug: "${department}", input: $input) { id slug } }`,
        { input: fullAlgorithmInput(title) },
      );
    return answer.entry;
  };
  const slugOf = async (world: World, id: string): Promise<string> =>
    ((await world.db.query('SELECT slug FROM entry WHERE id = $1', [id])) as { slug: string }[])[0]
      .slug;
  const staffEntry = (world: World, who: 'editorA' | 'auditor', id: string) =>
    world.api
      .graphql(world.tokens[who])
      .data<{ entry: { id: string; slug: string; title: string; status: string } | null }>(
        `query($id: ID!) { entry(id: $id) { id slug title status } }`,
        { id },
      );
  const page = async (world: World, path: string) => {
    const response = await fetch(`${world.api.baseUrl}${path}`, { redirect: 'manual' });
    return { status: response.status, body: await response.text() };
  };
  /** What differs between two worlds whatever happened: ids, times, ETags. */
  const comparable = (text: string, world: World) =>
    text
      .replaceAll(world.api.baseUrl, 'http://api')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
      .replace(/"processingTimeMs":\d+/g, '"processingTimeMs":0');

  /** Every public answer about the title, made comparable across worlds. */
  const publicView = async (world: World) => {
    const graphql = await world.api
      .graphql()
      .request(PUBLIC_QUERY, { slug: BASE, word: 'zyxdrafttitle' });
    const entryPage = await page(world, `/sv/entries/${BASE}`);
    const searchPage = await page(world, '/sv/search?q=zyxdrafttitle');
    const exported = await page(world, '/exports/entries.json');
    return comparable(JSON.stringify({ graphql, entryPage, searchPage, exported }), world);
  };

  let withDraft: World;
  let withoutDraft: World;
  /**
   * The live head of the audit chain (an auditor's) just before and after B's publication, per
   * world: the events between them are what the next day's public checkpoint counts.
   */
  const headBefore: Record<string, number> = {};
  const headAfter: Record<string, number> = {};
  const chainHead = async (world: World): Promise<number> =>
    Number(
      (
        await world.api
          .graphql(world.tokens.auditor)
          .data<any>('{ auditChainHead { eventId checkpointDay } }')
      ).auditChainHead.eventId,
    );
  let draftId: string;
  let publishedId: string;

  beforeAll(async () => {
    [withDraft, withoutDraft] = await Promise.all([
      startWorld('slugs-with-draft'),
      startWorld('slugs-without-draft'),
    ]);

    // The probe's steps: A's draft holds the title's slug and is never published; B registers
    // the same title and is given a suffixed draft slug (seen by B's staff only).
    draftId = (await registerAs(withDraft, 'editorA', TITLE)).id;
    expect(await slugOf(withDraft, draftId)).toBe(BASE);
    const registered = await registerAs(withDraft, 'editorB', TITLE);
    publishedId = registered.id;
    expect(registered.slug).toMatch(SUFFIXED(BASE));
    await withDraft.setup.submit(publishedId, 'B');
    headBefore.withDraft = await chainHead(withDraft);
    await withDraft.api.app
      .get(EntryWorkflowService)
      .publish(withDraft.tokens.actors.reviewer, publishedId, 'Published by the test setup');
    headAfter.withDraft = await chainHead(withDraft);
    await withDraft.indexer.drain(60_000);

    const alone = await registerAs(withoutDraft, 'editorB', TITLE);
    expect(alone.slug).toBe(BASE);
    await withoutDraft.setup.submit(alone.id, 'B');
    headBefore.withoutDraft = await chainHead(withoutDraft);
    await withoutDraft.api.app
      .get(EntryWorkflowService)
      .publish(withoutDraft.tokens.actors.reviewer, alone.id, 'Published by the test setup');
    headAfter.withoutDraft = await chainHead(withoutDraft);
    await withoutDraft.indexer.drain(60_000);
  });

  it('publishes B under the title slug, as it would be had no draft existed', async () => {
    expect(await slugOf(withDraft, publishedId)).toBe(BASE);
    const read = await withDraft.api
      .graphql()
      .data<any>(`query($slug: String!) { entry(slug: $slug) { id slug title } }`, { slug: BASE });
    expect(read.entry).toEqual({ id: publishedId, slug: BASE, title: TITLE });
  });

  it('answers the public the same with and without the draft: GraphQL, search, entry page, exports', async () => {
    const [seen, control] = await Promise.all([publicView(withDraft), publicView(withoutDraft)]);
    expect(seen).toContain(`"slug":"${BASE}"`);
    expect(seen).toContain(`"entryPage":{"status":200`);
    expect(seen).toContain(`<h1>${TITLE}</h1>`);
    expect(seen).not.toMatch(new RegExp(`${BASE}-[0-9a-f]{6}`));
    expect(seen).toEqual(control);
  });

  it('adds as many events to the audit chain at the publication as without the draft (the public checkpoint counts them)', () => {
    expect(headAfter.withDraft - headBefore.withDraft).toBe(1);
    expect(headAfter.withoutDraft - headBefore.withoutDraft).toBe(1);
  });

  it("keeps A's draft hidden from the public, under its new slug too", async () => {
    const moved = await slugOf(withDraft, draftId);
    expect(moved).toMatch(SUFFIXED(BASE));
    const anonymous = await withDraft.api
      .graphql()
      .data<any>(
        `query($slug: String!, $id: ID!) { s: entry(slug: $slug) { id } i: entry(id: $id) { id } }`,
        {
          slug: moved,
          id: draftId,
        },
      );
    expect(anonymous).toEqual({ s: null, i: null });
    expect((await page(withDraft, `/sv/entries/${moved}`)).status).toBe(404);
    expect((await page(withDraft, `/sv/entries/${draftId}`)).status).toBe(404);
  });

  it("leaves A's draft working by id for its staff: read, edit, submit", async () => {
    const moved = await slugOf(withDraft, draftId);
    expect((await staffEntry(withDraft, 'editorA', draftId)).entry).toEqual({
      id: draftId,
      slug: moved,
      title: TITLE,
      status: 'DRAFT',
    });
    const byNewSlug = await withDraft.api
      .graphql(withDraft.tokens.auditor)
      .data<any>(`query($slug: String!) { entry(slug: $slug) { id } }`, { slug: moved });
    expect(byNewSlug.entry).toEqual({ id: draftId });
    // The old slug is B's now: staff asking by it get the public entry, never A's draft.
    const byOldSlug = await withDraft.api
      .graphql(withDraft.tokens.editorA)
      .data<any>(`query($slug: String!) { entry(slug: $slug) { id } }`, { slug: BASE });
    expect(byOldSlug.entry).toEqual({ id: publishedId });
    const edited = await withDraft.api
      .graphql(withDraft.tokens.editorA)
      .data<any>(
        `mutation($id: ID!) { updateAlgorithm(id: $id, input: { summary: "Fortfarande ett utkast." }) { id slug summary } }`,
        { id: draftId },
      );
    expect(edited.updateAlgorithm).toEqual({
      id: draftId,
      slug: moved,
      summary: 'Fortfarande ett utkast.',
    });
  });

  it('tells auditors of both slug changes in the one ENTRY_PUBLISHED event', async () => {
    const log = await withDraft.api.graphql(withDraft.tokens.auditor).data<any>(
      `query($id: ID!) { auditLog(first: 5, filter: { entryId: $id, action: ENTRY_PUBLISHED }) {
          edges { node { details } } } }`,
      { id: publishedId },
    );
    expect(log.auditLog.edges.map((e: any) => e.node.details)).toEqual([
      {
        changeNote: 'Published by the test setup',
        slug: { from: expect.stringMatching(SUFFIXED(BASE)), to: BASE },
        slugMovedAside: {
          entryId: draftId,
          departmentId: withDraft.tokens.departmentA.id,
          from: BASE,
          to: await slugOf(withDraft, draftId),
        },
      },
    ]);
  });

  it('never changes a published slug: a later version retitled, or A published afterwards', async () => {
    const { setup } = withDraft;
    await setup.edit(publishedId, EntryKind.ALGORITHM, { title: 'Probe omdöpt zyxrenamed' }, 'B');
    await setup.publish(publishedId, 'B');
    expect(await slugOf(withDraft, publishedId)).toBe(BASE);

    // A's draft is published now: the title's slug is public (B's), so A gets a fresh suffix,
    // which says nothing the public cannot read on B's page.
    const before = await slugOf(withDraft, draftId);
    await setup.publish(draftId, 'A');
    const after = await slugOf(withDraft, draftId);
    expect(after).toMatch(SUFFIXED(BASE));
    expect(after).not.toBe(before);
    expect(await slugOf(withDraft, publishedId)).toBe(BASE);
    expect((await staffEntry(withDraft, 'editorA', draftId)).entry?.status).toBe('PUBLISHED');

    // Published, A's slug stays when it is retired and republished.
    await setup.edit(draftId, EntryKind.ALGORITHM, { summary: 'Version två.' }, 'A');
    await setup.publish(draftId, 'A');
    await withDraft.setup.retire(draftId);
    expect(await slugOf(withDraft, draftId)).toBe(after);
  });

  it('publishes under the published title, not a draft title the entry had before', async () => {
    const { setup } = withDraft;
    const id = await setup.draft(EntryKind.ALGORITHM, 'Hemlig arbetstitel zyxworking', 'B');
    expect(await slugOf(withDraft, id)).toBe('hemlig-arbetstitel-zyxworking');
    await setup.edit(id, EntryKind.ALGORITHM, { title: 'Offentlig titel zyxpublic' }, 'B');
    await setup.publish(id, 'B');
    expect(await slugOf(withDraft, id)).toBe('offentlig-titel-zyxpublic');
    const anonymous = await withDraft.api
      .graphql()
      .data<any>(
        `{ old: entry(slug: "hemlig-arbetstitel-zyxworking") { id } now: entry(slug: "offentlig-titel-zyxpublic") { id } }`,
      );
    expect(anonymous).toEqual({ old: null, now: { id } });
  });

  it('takes the title slug once the draft that held it was discarded', async () => {
    const { setup, api, tokens } = withDraft;
    const discarded = await setup.draft(EntryKind.ALGORITHM, 'Probe kasserad zyxdiscarded', 'A');
    const later = await setup.draft(EntryKind.ALGORITHM, 'Probe kasserad zyxdiscarded', 'B');
    expect(await slugOf(withDraft, later)).toMatch(SUFFIXED('probe-kasserad-zyxdiscarded'));
    await api
      .graphql(tokens.editorA)
      .data(`mutation($id: ID!) { discardDraft(id: $id) { entryRemoved } }`, { id: discarded });
    await setup.publish(later, 'B');
    expect(await slugOf(withDraft, later)).toBe('probe-kasserad-zyxdiscarded');
  });

  it('gives a suffix when a retired public entry holds the title slug, and leaves that one alone', async () => {
    const { setup } = withDraft;
    const retired = await setup.published(EntryKind.ALGORITHM, 'Probe pensionerad zyxretired', 'A');
    await setup.retire(retired);
    const next = await setup.published(EntryKind.ALGORITHM, 'Probe pensionerad zyxretired', 'B');
    expect(await slugOf(withDraft, retired)).toBe('probe-pensionerad-zyxretired');
    expect(await slugOf(withDraft, next)).toMatch(SUFFIXED('probe-pensionerad-zyxretired'));
  });

  it('publishes two drafts of one title at once: one takes the slug, the other a suffix, the holder moved once', async () => {
    const { setup, db } = withDraft;
    const title = 'Probe samtidig zyxrace';
    const base = 'probe-samtidig-zyxrace';
    const holder = await setup.draft(EntryKind.ALGORITHM, title, 'A');
    const racers = [
      await setup.draft(EntryKind.ALGORITHM, title, 'A'),
      await setup.draft(EntryKind.ALGORITHM, title, 'B'),
    ];
    await setup.submit(racers[0], 'A');
    await setup.submit(racers[1], 'B');
    const workflow = withDraft.api.app.get(EntryWorkflowService);
    const outcomes = await Promise.allSettled(
      racers.map((id) => workflow.publish(withDraft.tokens.actors.reviewer, id, 'Race')),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const slugs = await Promise.all(racers.map((id) => slugOf(withDraft, id)));
    expect(slugs.filter((slug) => slug === base)).toHaveLength(1);
    expect(slugs.filter((slug) => SUFFIXED(base).test(slug))).toHaveLength(1);
    expect(await slugOf(withDraft, holder)).toMatch(SUFFIXED(base));
    const moves = (await db.query(
      `SELECT count(*)::int AS n FROM audit_event
        WHERE action = 'ENTRY_PUBLISHED' AND details -> 'slugMovedAside' ->> 'entryId' = $1`,
      [holder],
    )) as { n: number }[];
    expect(moves).toEqual([{ n: 1 }]);
  });

  it('waits for a registration of the title in flight, then moves it aside: never a 500', async () => {
    const { setup, api, db } = withDraft;
    const base = 'probe-i-flykten-zyxinflight';
    // Registered under a working title, so its draft slug is not the published title's, which
    // is free when the publication starts.
    const publishing = await setup.draft(EntryKind.ALGORITHM, 'Probe arbetsnamn zyxinflight', 'B');
    await setup.edit(
      publishing,
      EntryKind.ALGORITHM,
      { title: 'Probe i flykten zyxinflight' },
      'B',
    );
    await setup.submit(publishing, 'B');
    const held = new Client({ connectionString: api.database.url });
    await held.connect();
    try {
      await held.query('BEGIN');
      const [{ id: inFlight }] = (
        await held.query(
          `INSERT INTO entry (slug, kind, department_id, status)
           SELECT $1, 'ALGORITHM', id, 'DRAFT' FROM department WHERE slug = 'department-a'
           RETURNING id`,
          [base],
        )
      ).rows as { id: string }[];
      const publication = withDraft.api.app
        .get(EntryWorkflowService)
        .publish(withDraft.tokens.actors.reviewer, publishing, 'In flight');
      // The publication's claim of the slug waits for the uncommitted registration.
      await eventually(
        () =>
          db.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE entry SET slug%'`,
          ),
        ([{ n }]) => n === 1,
      );
      await held.query('COMMIT');
      await publication;
      expect(await slugOf(withDraft, publishing)).toBe(base);
      expect(await slugOf(withDraft, inFlight)).toMatch(SUFFIXED(base));
    } finally {
      await held.end();
    }
  });
});
