import { DataSource } from 'typeorm';
import {
  hasExpectedSettings,
  PUBLIC_INDEX_SETTINGS,
  SearchIndexer,
  SearchRuntime,
} from '@insyn/search';
import { createPublishedEntry, CreatedEntry, GraphQLClient } from '@insyn/testing';
import { startFromPreviousIndex } from './previous-index';
import { RegistryApiHarness } from './registry-api.harness';

const SEARCH = `query Search($query: String, $filter: SearchFilterInput, $sort: [SearchSortInput!], $first: Int) {
  search(query: $query, filter: $filter, sort: $sort, first: $first) {
    estimatedTotalHits
    hits { id title summary titleHighlighted summaryHighlighted publishedAt }
  }
}`;

interface Hit {
  id: string;
  title: string;
  summary: string;
  titleHighlighted: string;
  summaryHighlighted: string;
  publishedAt: string;
}
interface Result {
  estimatedTotalHits: number;
  hits: Hit[];
}

/** The settings an index had before this change: "sort" after relevance, titles sorted as is. */
const PREVIOUS_SETTINGS = {
  ...PUBLIC_INDEX_SETTINGS,
  sortableAttributes: ['publishedAt', 'updatedAt', 'title'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  separatorTokens: [],
  nonSeparatorTokens: [],
};

/**
 * Search results in the order the reader asked for: a sort orders the hits even with a query,
 * titles sort in Swedish order, and words are found (and highlighted, escaped) whatever
 * characters surround them. Starts from an index with the previous settings and documents, as an
 * upgraded installation does.
 */
describe('search order and tokenization over GraphQL (real PostgreSQL and Meilisearch)', () => {
  let api: RegistryApiHarness;
  let dataSource: DataSource;
  let runtime: SearchRuntime;
  let indexer: SearchIndexer;
  let anonymous: GraphQLClient;
  const entries: Record<string, CreatedEntry> = {};

  const search = async (variables: Record<string, unknown>): Promise<Result> =>
    (await anonymous.data<{ search: Result }>(SEARCH, variables)).search;
  const inDepartment = (department: string) => ({ filter: { department: [department] } });
  const titles = (result: Result) => result.hits.map((h) => h.title);
  const id = (name: string) => entries[name].entry.id;

  // Titles in Swedish alphabetical order, as Intl.Collator('sv') sorts them.
  const SWEDISH_ORDER = [
    'Ansökningar om bistånd',
    'Avfallshämtning',
    'Éco-parkering',
    'Elsparkcyklar',
    'Odlingslotter',
    'Oxelträd i parker',
    'Vägledning',
    'Webbtillgänglighet',
    'Über-tjänster',
    'Yrkesvägledning',
    'Ystad 10',
    'Ystad 2',
    'Zonindelning',
    'åldreomsorg',
    'Åtgärdsplan',
    'ärendehantering',
    'Ärenden i kö',
    'Äreport',
    'Öl & mat',
    'Öppna data',
    'Ørsted-parken',
    'Översikt av parkering',
    'Övervakning av vattennivåer',
  ];

  beforeAll(async () => {
    api = await RegistryApiHarness.start('search-order');
    dataSource = api.app.get(DataSource);
    runtime = api.app.get(SearchRuntime);
    anonymous = api.graphql();

    // Sort with a query: three entries about cameras, the best match the oldest.
    const at = (date: string) => new Date(`${date}T10:00:00Z`);
    const cameras = { department: 'kameraforvaltningen' };
    entries.old = await createPublishedEntry(dataSource, {
      ...cameras,
      content: { title: 'Kamera', summary: 'Kamera vid torget' },
      publishedAt: at('2023-02-01'),
      enqueue: false,
    });
    entries.middle = await createPublishedEntry(dataSource, {
      ...cameras,
      content: { title: 'Parkeringsräkning', summary: 'Räknar bilar med en kamera' },
      publishedAt: at('2024-06-01'),
      enqueue: false,
    });
    entries.newest = await createPublishedEntry(dataSource, {
      ...cameras,
      content: {
        title: 'Trafikflöden',
        summary: 'Flöden i korsningar',
        description: 'Mätningen görs bland annat med kamera vid trafikljus',
      },
      publishedAt: at('2025-09-01'),
      enqueue: false,
    });

    // Swedish title order (inserted in another order).
    for (const [i, title] of [...SWEDISH_ORDER].reverse().entries())
      entries[`title${i}`] = await createPublishedEntry(dataSource, {
        department: 'alfabetforvaltningen',
        content: { title, summary: 'Sorteras efter titel' },
        enqueue: false,
      });

    // Words next to < and >, and text that must stay text in a highlight.
    entries.markup = await createPublishedEntry(dataSource, {
      department: 'tecken-forvaltningen',
      content: {
        title: 'Formatering <utkast>',
        summary: 'Texten är <b>fetstil</b> & gränsen>tio, 3<fyra <script>alert(1)</script>',
      },
      enqueue: false,
    });

    // The index as the previous version of Insyn left it (documents without the title sort key),
    // then the new version started on it.
    indexer = await startFromPreviousIndex({
      dataSource,
      runtime,
      databaseUrl: api.database.url,
      entryIds: Object.values(entries).map((e) => e.entry.id),
      previousSettings: PREVIOUS_SETTINGS,
      addedSince: 'titleSortKey',
    });
  });

  afterAll(async () => {
    await indexer?.stop();
    await api?.stop();
  });

  it('upgrades an existing index: the new settings are in place at start', async () => {
    expect(await hasExpectedSettings(await runtime.writeClient(), runtime.indexName)).toBe(true);
    const settings = await (await runtime.writeClient()).index(runtime.indexName).getSettings();
    expect(settings.rankingRules?.[0]).toBe('sort');
    expect(settings.sortableAttributes).toContain('titleSortKey');
    expect(settings.separatorTokens).toEqual(expect.arrayContaining(['<', '>', '=', '$']));
  });

  it('orders hits with a query by the sort asked for, newest first or oldest first', async () => {
    const query = { query: 'kamera', ...inDepartment('kameraforvaltningen') };
    // Relevance alone puts the best match (the title "Kamera") first: it is the oldest.
    expect((await search(query)).hits[0].id).toBe(id('old'));

    const newest = await search({ ...query, sort: [{ field: 'PUBLISHED_AT', direction: 'DESC' }] });
    expect(newest.hits.map((h) => h.id)).toEqual([id('newest'), id('middle'), id('old')]);
    const dates = newest.hits.map((h) => Date.parse(h.publishedAt));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));

    const oldest = await search({ ...query, sort: [{ field: 'PUBLISHED_AT', direction: 'ASC' }] });
    expect(oldest.hits.map((h) => h.id)).toEqual([id('old'), id('middle'), id('newest')]);
  });

  it('does not let a sort bring up entries that match only some of the words', async () => {
    const query = { query: 'kamera trafikljus', ...inDepartment('kameraforvaltningen') };
    // Relevance order may fall back to entries matching fewer words, after the full matches.
    const relevance = await search(query);
    expect(relevance.hits[0].id).toBe(id('newest'));
    expect(relevance.hits.map((h) => h.id)).toContain(id('old'));
    // Sorted, only the entries that match every word remain.
    const sorted = await search({ ...query, sort: [{ field: 'PUBLISHED_AT', direction: 'ASC' }] });
    expect(sorted.hits.map((h) => h.id)).toEqual([id('newest')]);
  });

  it('sorts titles in Swedish alphabetical order: å, ä, ö after z, ü as y, é as e', async () => {
    expect([...SWEDISH_ORDER].sort(new Intl.Collator('sv').compare)).toEqual(SWEDISH_ORDER);
    const page = { query: '', ...inDepartment('alfabetforvaltningen'), first: 100 };
    const ascending = await search({ ...page, sort: [{ field: 'TITLE', direction: 'ASC' }] });
    expect(titles(ascending)).toEqual(SWEDISH_ORDER);
    const descending = await search({ ...page, sort: [{ field: 'TITLE', direction: 'DESC' }] });
    expect(titles(descending)).toEqual([...SWEDISH_ORDER].reverse());
    // And with a query: the matching titles, still in Swedish order.
    const matching = await search({
      ...page,
      query: 'titel',
      sort: [{ field: 'TITLE', direction: 'ASC' }],
    });
    expect(titles(matching)).toEqual(SWEDISH_ORDER);
  });

  it('finds words next to < and >, and highlights them with the text escaped', async () => {
    for (const word of ['fetstil', 'tio', 'fyra', 'alert', 'utkast']) {
      expect({ word, hits: (await search({ query: word })).hits.map((h) => h.id) }).toEqual({
        word,
        hits: [id('markup')],
      });
    }
    const [bold] = (await search({ query: 'fetstil' })).hits;
    expect(bold.summary).toBe(
      'Texten är <b>fetstil</b> & gränsen>tio, 3<fyra <script>alert(1)</script>',
    );
    expect(bold.summaryHighlighted).toBe(
      'Texten är &lt;b&gt;<mark>fetstil</mark>&lt;/b&gt; &amp; gränsen&gt;tio, 3&lt;fyra ' +
        '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
    const [script] = (await search({ query: 'alert utkast' })).hits;
    expect(script.summaryHighlighted).toContain(
      '&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;',
    );
    expect(script.titleHighlighted).toBe('Formatering &lt;<mark>utkast</mark>&gt;');
    // Nothing but <mark> is markup in a highlight.
    expect(script.summaryHighlighted.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });
});
