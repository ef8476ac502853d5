import { DataSource } from 'typeorm';
import { SearchIndexer, SearchRuntime } from '@insyn/search';
import {
  createTestTokens,
  daysFromToday,
  eventually,
  GraphQLClient,
  TestTokens,
} from '@insyn/testing';
import { fullAlgorithmInput } from '../apps/registry-api/test/entry-fixtures';
import { RegistryApiHarness } from '../apps/registry-api/test/registry-api.harness';

const SEARCH = `query($query: String, $filter: SearchFilterInput) {
  search(query: $query, filter: $filter) { estimatedTotalHits hits { id slug title summary status department { slug } } }
}`;

/**
 * Across the apps, through the registry's own services: a department registers and publishes an
 * algorithm over GraphQL, the indexer (in the API process, as `npm start` runs it) picks up the
 * outbox rows, and an anonymous journalist finds the entry — but never its drafts or withheld text.
 */
describe('journey: a department publishes, the indexer runs, a journalist finds it', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let indexer: SearchIndexer;
  let journalist: GraphQLClient;
  let editor: GraphQLClient;
  let reviewer: GraphQLClient;
  let admin: GraphQLClient;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('search-journey');
    const dataSource = api.app.get(DataSource);
    tokens = await createTestTokens(dataSource);
    indexer = new SearchIndexer(dataSource, api.app.get(SearchRuntime), {
      listenUrl: api.database.url,
      verifyIntervalMs: 0,
    });
    await indexer.start();
    journalist = api.graphql();
    editor = api.graphql(tokens.editorA);
    reviewer = api.graphql(tokens.reviewer);
    admin = api.graphql(tokens.admin);
  });
  afterAll(async () => {
    await indexer?.stop();
    await api?.stop();
  });

  const hits = async (query: string, filter?: Record<string, unknown>) =>
    (
      await journalist.data<{
        search: { hits: { id: string; summary: string; status: string }[] };
      }>(SEARCH, { query, filter })
    ).search.hits;
  const drained = () =>
    eventually(
      async () =>
        (
          await api.app
            .get(DataSource)
            .query('SELECT count(*)::int AS n FROM search_outbox WHERE processed_at IS NULL')
        )[0].n,
      (n: number) => n === 0,
      { what: 'the outbox to drain' },
    );
  const submitAndPublish = async (id: string, note: string) => {
    await editor.data(`mutation($id: ID!) { submitEntryForReview(id: $id) { status } }`, { id });
    await reviewer.data(
      `mutation($id: ID!, $note: String!) { publishEntry(id: $id, changeNote: $note) { status } }`,
      { id, note },
    );
  };

  it('is found once published, then updated and retired, never showing drafts or withheld text', async () => {
    const input = fullAlgorithmInput('Färdtjänstplanering med ruttoptimering');
    input.summary = 'Planerar färdtjänstresor för boende';
    input.algorithm = { ...input.algorithm, technicalDescription: 'Osmiumheuristik för ruttval' };
    input.withheld = [
      ...(input.withheld ?? []),
      {
        field: 'algorithm.technicalDescription',
        legalGround: 'OSL 18:8',
        until: daysFromToday(365),
      },
    ];
    const registered = await editor.data<{ e: { id: string } }>(
      `mutation($slug: String!, $input: AlgorithmInput!) { e: registerAlgorithm(departmentSlug: $slug, input: $input) { id } }`,
      { slug: tokens.departmentA.slug, input },
    );
    const id = registered.e.id;
    expect(await hits('färdtjänstplanering')).toEqual([]); // a draft

    await submitAndPublish(id, 'First publication');
    // How soon is the bench's freshness figure (publish → searchable, under load): a test on a
    // shared machine asserts only that it comes, within eventually's deadline.
    await eventually(
      () => hits('färdtjänstplanering'),
      (h) => h.some((hit) => hit.id === id),
      {
        what: 'the published entry',
      },
    );
    expect(await hits('osmiumheuristik')).toEqual([]);

    // An edit of a published entry is a new draft: the public keeps the published text.
    await editor.data(
      `mutation($id: ID!, $input: AlgorithmInput!) { updateAlgorithm(id: $id, input: $input) { id } }`,
      {
        id,
        input: { summary: 'Planerar färdtjänstresor med elbussar' },
      },
    );
    await drained();
    expect(await hits('elbussar')).toEqual([]);
    expect((await hits('färdtjänstplanering'))[0].summary).toBe(
      'Planerar färdtjänstresor för boende',
    );

    await submitAndPublish(id, 'Electric buses');
    await eventually(
      () => hits('elbussar'),
      (h) => h.some((hit) => hit.id === id),
      { what: 'the new version' },
    );
    expect(await hits('boende')).toEqual([]);

    await admin.data(`mutation($id: ID!) { retireEntry(id: $id, reason: "Replaced") { status } }`, {
      id,
    });
    await eventually(
      () => hits('färdtjänstplanering', { status: ['RETIRED'] }),
      (h) => h.some((hit) => hit.id === id && hit.status === 'RETIRED'),
      { what: 'the retired entry' },
    );
  });
});
