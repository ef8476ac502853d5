import { DataSource } from 'typeorm';
import { systemActor } from '@insyn/access';
import {
  AiActClass,
  DepartmentsService,
  EntryKind,
  PersonalDataLevel,
  RiskClass,
  Theme,
} from '@insyn/registry';
import { SearchIndexer, SearchRuntime } from '@insyn/search';
import {
  createDraftEntry,
  createPublishedEntry,
  CreatedEntry,
  eventually,
  GraphQLClient,
  publishNewVersion,
  retireEntry,
  saveDraftVersion,
} from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

const SEARCH = `query Search($query: String, $filter: SearchFilterInput, $facets: [SearchFacet!], $sort: [SearchSortInput!], $first: Int, $offset: Int) {
  search(query: $query, filter: $filter, facets: $facets, sort: $sort, first: $first, offset: $offset) {
    estimatedTotalHits processingTimeMs first offset
    hits { id slug kind title summary titleHighlighted summaryHighlighted status lifecycle principleCodes publishedAt updatedAt
           department { id slug name nameSv nameEn } }
    facetDistribution { facet values { value count } }
  }
}`;

interface Hit {
  id: string;
  slug: string;
  kind: string;
  title: string;
  summary: string;
  titleHighlighted: string;
  summaryHighlighted: string;
  status: string;
  principleCodes: string[];
  department: { slug: string; name: string; nameSv: string };
}
interface Result {
  estimatedTotalHits: number;
  processingTimeMs: number;
  hits: Hit[];
  facetDistribution: { facet: string; values: { value: string; count: number }[] }[];
}

/** Public search over GraphQL, with the indexer running in the API process as `npm start` does. */
describe('search over GraphQL (real PostgreSQL and Meilisearch)', () => {
  let api: RegistryApiHarness;
  let dataSource: DataSource;
  let indexer: SearchIndexer;
  let anonymous: GraphQLClient;
  const entries: Record<string, CreatedEntry> = {};

  const search = async (variables: Record<string, unknown>): Promise<Result> =>
    (await anonymous.data<{ search: Result }>(SEARCH, variables)).search;
  const ids = (result: Result) => result.hits.map((h) => h.id).sort();
  const until = (
    variables: Record<string, unknown>,
    accept: (r: Result) => boolean,
    what: string,
  ) => eventually(() => search(variables), accept, { timeoutMs: 10_000, what });

  beforeAll(async () => {
    api = await RegistryApiHarness.start('search-graphql');
    dataSource = api.app.get(DataSource);
    indexer = new SearchIndexer(dataSource, api.app.get(SearchRuntime), {
      listenUrl: api.database.url,
      verifyIntervalMs: 0,
    });
    await indexer.start();
    anonymous = api.graphql();

    const privacy = { code: 'PRIVACY_AND_SECURITY', rationale: 'Bilderna sparas inte.' };
    const transparency = {
      code: 'TRANSPARENCY_AND_NON_DISCRIMINATION',
      rationale: 'Reglerna är öppna.',
    };
    entries.parking = await createPublishedEntry(dataSource, {
      kind: EntryKind.ALGORITHM,
      department: 'trafikkontoret',
      content: {
        title: 'Parkeringsvägledning med kamera',
        summary: 'Visar lediga platser i garage',
        theme: Theme.MOBILITY_AND_TRANSPORT,
        principles: [privacy],
      },
    });
    entries.cycling = await createPublishedEntry(dataSource, {
      kind: EntryKind.DATASET,
      department: 'trafikkontoret',
      content: {
        title: 'Cykelflöden',
        summary: 'Räknade cyklar per timme',
        theme: Theme.MOBILITY_AND_TRANSPORT,
        principles: [transparency],
      },
    });
    entries.noise = await createPublishedEntry(dataSource, {
      kind: EntryKind.IOT_DEPLOYMENT,
      department: 'miljoforvaltningen',
      content: {
        title: 'Bullermätare vid Järntorget',
        summary: 'Mäter buller dygnet runt',
        theme: Theme.ENVIRONMENT_AND_CLIMATE,
        principles: [privacy, transparency],
      },
    });
    entries.welfare = await createPublishedEntry(dataSource, {
      kind: EntryKind.ALGORITHM,
      department: 'socialforvaltningen',
      content: {
        title: 'Prioritering av ansökningar om bistånd',
        summary: 'Sorterar ansökningar efter hur brådskande de är',
        theme: Theme.SOCIAL_SERVICES,
        personalData: PersonalDataLevel.PERSONAL,
        principles: [privacy, transparency],
        algorithm: {
          decisionProcess: 'Handläggare ser ordningen',
          riskClass: RiskClass.HIGH,
          aiActClass: AiActClass.HIGH_RISK,
          technicalDescription: 'Gradientförstärkta träd med volframkarbid som kodnamn',
        },
        suppliers: [{ name: 'Leverantören AB', orgNumber: '556677-8899' }],
        withheld: [
          { field: 'algorithm.technicalDescription', legalGround: 'OSL 18:8' },
          { field: 'suppliers.orgNumber', legalGround: 'OSL 31:16' },
        ],
      },
    });
    // Never published: its words must never be found.
    entries.draft = await createDraftEntry(dataSource, {
      department: 'socialforvaltningen',
      content: { title: 'Hemlig zirkoniumalgoritm', summary: 'Zirkonium i utkastet' },
    });
    // Published, then a new draft whose words must not leak.
    entries.drafted = await createPublishedEntry(dataSource, {
      department: 'miljoforvaltningen',
      content: { title: 'Luftkvalitetsprognos', summary: 'Förutser partikelhalter' },
    });
    await saveDraftVersion(dataSource, entries.drafted.entry.id, {
      summary: 'Kvicksilver i nästa version',
    });

    await until(
      { query: '', first: 100 },
      (r) => r.estimatedTotalHits === 5,
      'the seed to be indexed',
    );
    await eventually(
      async () =>
        (
          await dataSource.query(
            'SELECT count(*)::int AS n FROM search_outbox WHERE processed_at IS NULL',
          )
        )[0].n,
      (n: number) => n === 0,
      { what: 'an empty outbox' },
    );
  });

  afterAll(async () => {
    await indexer?.stop();
    await api?.stop();
  });

  it('finds a newly published entry within 2 s', async () => {
    const published = Date.now();
    const { entry } = await createPublishedEntry(dataSource, {
      department: 'stadsbyggnadskontoret',
      content: { title: 'Snöröjningsplanering', summary: 'Planerar plogning efter snöfall' },
    });
    const { elapsedMs } = await until(
      { query: 'snöröjningsplanering' },
      (r) => r.hits.some((h) => h.id === entry.id),
      'the new entry',
    );
    const sincePublish = Date.now() - published;
    expect(sincePublish).toBeLessThan(2000);
    if (process.env.INSYN_TEST_VERBOSE)
      console.log(`publish → searchable: ${sincePublish} ms (poll ${elapsedMs} ms)`);
  });

  it('tolerates typos and knows Swedish–English synonyms', async () => {
    expect(ids(await search({ query: 'parkeringsvägledninng' }))).toEqual([
      entries.parking.entry.id,
    ]);
    expect(ids(await search({ query: 'cykelflödn' }))).toEqual([entries.cycling.entry.id]);
    expect(ids(await search({ query: 'camera' }))).toEqual([entries.parking.entry.id]);
    expect(ids(await search({ query: 'noise' }))).toEqual([entries.noise.entry.id]);
  });

  it('finds a word inside a Swedish compound of what the entry is', async () => {
    for (const [part, entry] of [
      ['vägledning', entries.parking],
      ['flöden', entries.cycling],
      ['mätare', entries.noise],
      ['prognos', entries.drafted],
    ] as const) {
      const { hits } = await search({ query: part });
      expect({ part, found: hits.map((h) => h.id) }).toEqual({ part, found: [entry.entry.id] });
      // The title reads as written: no part of it is marked as the match.
      expect(hits[0].titleHighlighted).toBe(hits[0].title);
    }
    // "Kvicksilver" is in a draft only, "förstärkta" in a withheld field only.
    expect((await search({ query: 'silver' })).hits).toEqual([]);
    expect((await search({ query: 'förstärkta' })).hits).toEqual([]);
  });

  it('reads a direction mark (LRM, RLM, ALM) copied with the words as no part of them', async () => {
    for (const mark of ['\u200e', '\u200f', '\u061c'])
      expect(ids(await search({ query: `${mark}camera${mark}` }))).toEqual([
        entries.parking.entry.id,
      ]);
  });

  it('returns the hit with highlighted, escaped matches, its department and principles', async () => {
    const [hit] = (await search({ query: 'garage' })).hits;
    expect(hit).toMatchObject({
      id: entries.parking.entry.id,
      slug: entries.parking.entry.slug,
      kind: 'ALGORITHM',
      title: 'Parkeringsvägledning med kamera',
      // The plain text is the highlighted one without its markers (one copy from Meilisearch).
      summary: 'Visar lediga platser i garage',
      summaryHighlighted: 'Visar lediga platser i <mark>garage</mark>',
      titleHighlighted: 'Parkeringsvägledning med kamera',
      status: 'PUBLISHED',
      principleCodes: ['PRIVACY_AND_SECURITY'],
      department: { slug: 'trafikkontoret', nameSv: 'Trafikkontoret' },
    });
  });

  it('counts facets over the matches, and under a filter', async () => {
    const all = await search({
      query: '',
      filter: { department: ['trafikkontoret', 'miljoforvaltningen', 'socialforvaltningen'] },
      facets: ['KIND', 'DEPARTMENT', 'PRINCIPLE', 'THEME', 'RISK_CLASS', 'STATUS'],
      first: 100,
    });
    const facet = (result: Result, name: string) =>
      Object.fromEntries(
        result.facetDistribution
          .find((f) => f.facet === name)!
          .values.map((v) => [v.value, v.count]),
      );
    expect(all.estimatedTotalHits).toBe(5);
    expect(facet(all, 'KIND')).toEqual({ ALGORITHM: 3, DATASET: 1, IOT_DEPLOYMENT: 1 });
    // Its own filter does not narrow a facet: these three, and the departments not chosen.
    expect(facet(all, 'DEPARTMENT')).toMatchObject({
      trafikkontoret: 2,
      miljoforvaltningen: 2,
      socialforvaltningen: 1,
    });
    // drafted: the factory's default principle (TRANSPARENCY_AND_NON_DISCRIMINATION).
    expect(facet(all, 'PRINCIPLE')).toEqual({
      PRIVACY_AND_SECURITY: 3,
      TRANSPARENCY_AND_NON_DISCRIMINATION: 4,
    });
    expect(facet(all, 'THEME')).toEqual({
      MOBILITY_AND_TRANSPORT: 2,
      ENVIRONMENT_AND_CLIMATE: 1,
      SOCIAL_SERVICES: 1,
      HOUSING_AND_PLANNING: 1,
    });
    expect(facet(all, 'RISK_CLASS')).toEqual({ LOW: 2, HIGH: 1 });
    expect(facet(all, 'STATUS')).toEqual({ PUBLISHED: 5 });

    const algorithms = await search({
      query: '',
      filter: { kind: ['ALGORITHM'], riskClass: ['HIGH'] },
      facets: ['DEPARTMENT'],
    });
    expect(ids(algorithms)).toEqual([entries.welfare.entry.id]);
    expect(facet(algorithms, 'DEPARTMENT')).toEqual({ socialforvaltningen: 1 });
    const byPrinciple = await search({
      query: '',
      filter: { principle: ['PRIVACY_AND_SECURITY'], theme: ['MOBILITY_AND_TRANSPORT'] },
    });
    expect(ids(byPrinciple)).toEqual([entries.parking.entry.id]);
  });

  it("counts a chosen facet's other values as if it were not chosen, and the other facets under every choice", async () => {
    const facet = (result: Result, name: string) =>
      Object.fromEntries(
        result.facetDistribution
          .find((f) => f.facet === name)!
          .values.map((v) => [v.value, v.count]),
      );
    const three = ['trafikkontoret', 'miljoforvaltningen', 'socialforvaltningen'];
    const unfiltered = await search({
      query: '',
      filter: { department: three },
      facets: ['DEPARTMENT', 'KIND', 'RISK_CLASS'],
      first: 100,
    });
    // One department chosen: the others keep their counts (each would add its entries), while
    // the hits and the other facets are the chosen department's.
    const traffic = await search({
      query: '',
      filter: { department: ['trafikkontoret'] },
      facets: ['DEPARTMENT', 'KIND', 'RISK_CLASS'],
      first: 100,
    });
    expect(traffic.estimatedTotalHits).toBe(2);
    expect(facet(traffic, 'DEPARTMENT')).toMatchObject(facet(unfiltered, 'DEPARTMENT'));
    expect(facet(traffic, 'KIND')).toEqual({ ALGORITHM: 1, DATASET: 1 });
    // Two facets chosen: each is counted under the other's choice only.
    const both = await search({
      query: '',
      filter: { department: three, kind: ['ALGORITHM'] },
      facets: ['DEPARTMENT', 'KIND', 'RISK_CLASS'],
      first: 100,
    });
    expect(ids(both).sort()).toEqual(
      unfiltered.hits
        .filter((h) => h.kind === 'ALGORITHM')
        .map((h) => h.id)
        .sort(),
    );
    expect(facet(both, 'KIND')).toEqual(facet(unfiltered, 'KIND'));
    expect(facet(both, 'DEPARTMENT')).toMatchObject({
      trafikkontoret: 1,
      miljoforvaltningen: 1,
      socialforvaltningen: 1,
    });
    expect(facet(both, 'RISK_CLASS')).toEqual(facet(unfiltered, 'RISK_CLASS'));
    // The words still count in every facet's search.
    const garage = await search({
      query: 'garage',
      filter: { department: ['miljoforvaltningen'] },
      facets: ['DEPARTMENT'],
    });
    expect(garage.estimatedTotalHits).toBe(0);
    expect(facet(garage, 'DEPARTMENT')).toEqual({ trafikkontoret: 1 });
  });

  it('sorts and pages', async () => {
    const byTitle = await search({
      query: '',
      filter: { department: ['trafikkontoret', 'miljoforvaltningen'] },
      sort: [{ field: 'TITLE', direction: 'ASC' }],
    });
    const titles = byTitle.hits.map((h) => h.title);
    expect(titles).toEqual([...titles].sort(new Intl.Collator('sv').compare));
    const second = await search({
      query: '',
      filter: { department: ['trafikkontoret', 'miljoforvaltningen'] },
      sort: [{ field: 'TITLE', direction: 'ASC' }],
      first: 1,
      offset: 1,
    });
    expect(second.hits.map((h) => h.title)).toEqual([titles[1]]);
  });

  it('finds the new text of an update, and no longer the old one', async () => {
    await publishNewVersion(dataSource, entries.parking.entry.id, {
      summary: 'Visar lediga platser i parkeringshus',
    });
    await until(
      { query: 'parkeringshus' },
      (r) => ids(r).includes(entries.parking.entry.id),
      'the new text',
    );
    expect(ids(await search({ query: 'garage' }))).toEqual([]);
  });

  it('keeps a retired entry findable and filterable as retired', async () => {
    await retireEntry(dataSource, entries.cycling.entry.id);
    await until(
      { query: '', filter: { status: ['RETIRED'] } },
      (r) => ids(r).includes(entries.cycling.entry.id),
      'the retired entry',
    );
    const retired = await search({ query: 'cykelflöden', filter: { status: ['RETIRED'] } });
    expect(retired.hits.map((h) => [h.id, h.status])).toEqual([
      [entries.cycling.entry.id, 'RETIRED'],
    ]);
    expect(ids(await search({ query: 'cykelflöden', filter: { status: ['PUBLISHED'] } }))).toEqual(
      [],
    );
  });

  it('never finds draft content or withheld fields', async () => {
    for (const word of [
      'zirkonium',
      'zirkoniumalgoritm',
      'kvicksilver',
      'volframkarbid',
      '556677-8899',
    ]) {
      expect({ word, hits: (await search({ query: word })).estimatedTotalHits }).toEqual({
        word,
        hits: 0,
      });
    }
    // The same entries are indexed, from their published versions.
    expect(ids(await search({ query: 'luftkvalitetsprognos' }))).toEqual([
      entries.drafted.entry.id,
    ]);
    const [welfare] = (await search({ query: 'bistånd' })).hits;
    expect(welfare.id).toBe(entries.welfare.entry.id);
    expect(JSON.stringify(welfare)).not.toContain('volframkarbid');
  });

  it('validates its arguments before searching', async () => {
    const codes = async (variables: Record<string, unknown>) => {
      const result = await anonymous.request(SEARCH, variables);
      return (result.errors ?? []).map((e) => [
        e.extensions?.code,
        e.extensions?.fields?.map((f) => f.field),
      ]);
    };
    expect(await codes({ first: 101 })).toEqual([['BAD_USER_INPUT', ['first']]]);
    expect(await codes({ offset: 1001 })).toEqual([['BAD_USER_INPUT', ['offset']]]);
    expect(await codes({ query: 'x'.repeat(201) })).toEqual([['BAD_USER_INPUT', ['query']]]);
    // Characters, not UTF-16 units: 200 emoji are 200 characters, 201 are one too many.
    expect(await codes({ query: '😀'.repeat(200) })).toEqual([]);
    expect(await codes({ query: '😀'.repeat(201) })).toEqual([['BAD_USER_INPUT', ['query']]]);
    expect(await codes({ filter: { department: ['a" OR status = "DRAFT'] } })).toEqual([
      ['BAD_USER_INPUT', ['filter.department']],
    ]);
    expect((await codes({ filter: { status: ['DRAFT'] } }))[0][0]).toBe('BAD_USER_INPUT');
    expect((await codes({ facets: ['TITLE'] }))[0][0]).toBe('BAD_USER_INPUT');
  });

  it('refuses a department that does not exist, as entries does; one with nothing published is none', async () => {
    // A typo of a slug would otherwise read as "nothing found".
    const result = await anonymous.request(SEARCH, {
      filter: { department: ['trafikkontoret', 'trafikkontor'] },
    });
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        fields: [
          { field: 'filter.department', message: 'no department has the slug "trafikkontor"' },
        ],
      }),
    ]);
    expect(
      (
        await anonymous.request(SEARCH, {
          filter: { publishedFrom: '2026-02-01', publishedTo: '2026-01-31' },
        })
      ).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'filter.publishedTo', message: 'publishedTo must not be before publishedFrom' },
      ],
    });
    // A department with nothing published exists: its filter finds nothing, and is no mistake.
    await api.app
      .get(DepartmentsService)
      .create(
        { slug: 'kulturforvaltningen', nameSv: 'Kulturförvaltningen', nameEn: 'Culture' },
        systemActor('test'),
      );
    const none = await search({ filter: { department: ['kulturforvaltningen'] } });
    expect(none.hits).toEqual([]);
  });

  it('reports the outbox lag on /health', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body.status).toBe('ok');
    expect(body.info.search.status).toBe('up');
    expect(body.info.searchOutbox).toMatchObject({ status: 'up', deadLetters: 0 });
    expect(typeof body.info.searchOutbox.pending).toBe('number');
    expect(typeof body.info.searchOutbox.oldestPendingAgeMs).toBe('number');
  });

  it('degrades /health (still 200) while a document is dead-lettered or the outbox lags', async () => {
    const [letter] = await dataSource.query(
      `INSERT INTO search_dead_letter (outbox_id, entry_id, attempts, error)
       VALUES (0, $1, 5, 'invalid_document_id: test') RETURNING id`,
      [entries.welfare.entry.id],
    );
    // A row the indexer cannot take yet, enqueued two minutes ago.
    const [row] = await dataSource.query(
      `INSERT INTO search_outbox (entry_id, reason, enqueued_at, available_at)
       VALUES ($1, 'test', now() - interval '2 minutes', now() + interval '1 hour') RETURNING id`,
      [entries.welfare.entry.id],
    );
    try {
      const response = await fetch(`${api.baseUrl}/health`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, any>;
      expect(body.status).toBe('degraded');
      expect(body.degraded).toEqual(['searchOutbox']);
      expect(body.error.searchOutbox).toMatchObject({ status: 'down', pending: 1, deadLetters: 1 });
      expect(body.error.searchOutbox.oldestPendingAgeMs).toBeGreaterThanOrEqual(120_000);
      expect(body.error.searchOutbox.message).toMatch(
        /oldest pending change is \d+ s old; 1 dead-lettered/,
      );
    } finally {
      await dataSource.query('DELETE FROM search_outbox WHERE id = $1', [row.id]);
      // Resolved, as an operator's repair does (the app role may not delete dead letters).
      await dataSource.query('UPDATE search_dead_letter SET resolved_at = now() WHERE id = $1', [
        letter.id,
      ]);
    }
  });
});
