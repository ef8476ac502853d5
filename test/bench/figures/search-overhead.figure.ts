import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { meilisearchRequest, publicSearchRequest, SearchFacet } from '@insyn/search';
import { BenchContext } from '../bench-context';
import { BenchServer, cpuMs, cpuSplitMs } from '../bench-processes';
import { ratioOf } from '../bench-results';
import { atFixedRate, progress, round, stats } from '../bench-timing';
import { BenchQuery, generateQueries } from '../register-generator';

/** What a search results page asks for: hits with highlights and department, three facets. */
export const SEARCH_DOCUMENT = `query Search($query: String, $filter: SearchFilterInput) {
  search(query: $query, filter: $filter, facets: [KIND, DEPARTMENT, THEME], first: 20) {
    estimatedTotalHits
    hits { id slug kind title titleHighlighted summaryHighlighted department { slug nameSv } principleCodes status publishedAt }
    facetDistribution { facet values { value count } }
  }
}`;

const FACETS = [SearchFacet.KIND, SearchFacet.DEPARTMENT, SearchFacet.THEME];

export const graphqlSearchBody = (q: BenchQuery) =>
  JSON.stringify({
    query: SEARCH_DOCUMENT,
    variables: { query: q.query, filter: q.filter ?? null },
  });

/**
 * The very search PublicSearchService sends to Meilisearch for SEARCH_DOCUMENT: its path (a
 * multi-search where a facet's own field filters) and body.
 */
export const directSearch = (q: BenchQuery, indexUid: string) => {
  const { path, body } = meilisearchRequest(
    publicSearchRequest({ query: q.query, filter: q.filter, facets: FACETS, limit: 20, offset: 0 }),
    indexUid,
  );
  return { path, body: JSON.stringify(body) };
};

const FLOOR_BODY = JSON.stringify({ query: '{ __typename }' });

/**
 * 1. Search overhead: the same 200 queries through GraphQL and straight to Meilisearch, at a
 * fixed rate (p50/p95/p99) and at full speed (autocannon); the floor is `{ __typename }`. A bare
 * Node proxy (bench-server.ts `proxy`) shows what one more process between client and
 * Meilisearch costs on this machine before any of Insyn's own work.
 */
export async function searchOverheadFigure(context: BenchContext): Promise<void> {
  const proxy = await BenchServer.start('proxy', {
    BENCH_MEILI_HOST: context.meili.host,
    BENCH_MEILI_KEY: context.meili.key,
    BENCH_PROXY_INDEX: context.meili.indexName,
  });
  try {
    await measureSearchOverhead(context, proxy);
  } finally {
    await proxy.stop();
  }
}

async function measureSearchOverhead(context: BenchContext, proxy: BenchServer): Promise<void> {
  const { options, client, api } = context;
  const group = '1. search overhead';
  const queries = generateQueries(200);
  const graphqlUrl = `${api.url}/graphql`;
  const directRequests = queries.map((q) => directSearch(q, context.meili.indexName));
  const proxyUrl = proxy.url!;
  const auth = { authorization: `Bearer ${context.meili.key}` };
  const sides = {
    graphql: (i: number) =>
      client.send(graphqlUrl, { body: graphqlSearchBody(queries[i % queries.length]) }),
    direct: (i: number) =>
      client.send(`${context.meili.host}${directRequests[i % queries.length].path}`, {
        body: directRequests[i % queries.length].body,
        headers: auth,
      }),
    proxy: (i: number) => client.send(proxyUrl, { body: directRequests[i % queries.length].body }),
    floor: () => client.send(graphqlUrl, { body: FLOOR_BODY }),
    // A reader the API has not seen in this window (a new address through the trusted loopback
    // proxy): its rate-limit bucket starts with a round trip to PostgreSQL.
    newReader: (i: number) =>
      client.send(graphqlUrl, {
        body: FLOOR_BODY,
        headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
      }),
  };
  // Every query answers on both sides (and warms both up), eight at a time.
  const check = async (i: number) => {
    for (const side of [sides.graphql, sides.direct, sides.proxy]) {
      const answer = await side(i);
      if (answer.status !== 200 || answer.body.includes('"errors"'))
        throw new Error(
          `query ${JSON.stringify(queries[i])}: ${answer.status} ${answer.body.slice(0, 300)}`,
        );
    }
  };
  for (let i = 0; i < queries.length; i += 8)
    await Promise.all(queries.slice(i, i + 8).map((_, j) => check(i + j)));
  const fixed: Record<string, ReturnType<typeof stats>> = {};
  // Alternating halves, so that a burst of noise from elsewhere hits both sides alike.
  for (const name of ['direct', 'proxy', 'graphql', 'floor', 'newReader'] as const) {
    progress(`search overhead: ${name} at ${options.rate}/s for ${options.durationS} s`);
    fixed[name] = stats(
      await atFixedRate(options.rate, options.durationS * 1000, async (i) => {
        const answer = await sides[name](i);
        if (answer.status !== 200) throw new Error(`${name}: ${answer.status} ${answer.body}`);
      }),
    );
  }
  for (const p of ['p50', 'p95', 'p99'] as const) {
    const value = fixed.graphql[p];
    const baseline = fixed.direct[p];
    context.record({
      group,
      name: `search ${p}, fixed rate`,
      value,
      unit: 'ms',
      baseline: { name: `straight to Meilisearch, ${options.rate}/s`, value: baseline },
      ratio: ratioOf(value, baseline),
      note: `overhead ${round(value - baseline)} ms`,
      ...(p === 'p50' ? { goal: '≤ direct + 1 ms', pass: value <= baseline + 1 } : {}),
    });
  }
  // CPU time per request (API process; Meilisearch for the direct run): steadier than latency
  // on a shared machine, since waiting for a core costs no CPU time.
  const cpu: Record<
    string,
    { api: number | null; apiKernel: number | null; meili: number | null }
  > = {};
  const cannon = async (
    side: 'direct' | 'proxy' | 'graphql' | 'floor',
    url: string,
    requests: { path?: string; body: string }[],
    headers: Record<string, string>,
  ) => {
    const server = side === 'proxy' ? proxy.pid : api.pid;
    const before = {
      api: cpuMs(server),
      apiKernel: cpuSplitMs(server)?.system ?? null,
      meili: cpuMs(context.meili.pid),
    };
    const result = await autocannon({
      url,
      connections: options.connections,
      duration: options.durationS,
      requests: requests.map((request) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        ...request,
      })),
    });
    if (result.errors || result.non2xx)
      throw new Error(
        `autocannon ${url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`,
      );
    const perRequest = (after: number | null, start: number | null) =>
      after === null || start === null ? null : round((after - start) / result.requests.total, 3);
    cpu[side] = {
      api: perRequest(cpuMs(server), before.api),
      apiKernel: perRequest(cpuSplitMs(server)?.system ?? null, before.apiKernel),
      meili: perRequest(cpuMs(context.meili.pid), before.meili),
    };
    return round(result.requests.average, 1);
  };
  progress(
    `search overhead: max throughput, ${options.connections} connections, ${options.durationS} s each`,
  );
  const direct = await cannon('direct', context.meili.host, directRequests, auth);
  const proxied = await cannon(
    'proxy',
    proxyUrl,
    directRequests.map(({ body }) => ({ body })),
    {},
  );
  const graphql = await cannon(
    'graphql',
    graphqlUrl,
    queries.map((q) => ({ body: graphqlSearchBody(q) })),
    {},
  );
  const floor = await cannon('floor', graphqlUrl, [{ body: FLOOR_BODY }], {});
  // BENCH_PROFILE_DIR: a CPU profile of the API (search.cpuprofile) during one more GraphQL run
  // like the measured one, after it: the profiler's own cost must not count in the figures.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  if (profileDir) {
    progress('search overhead: one more GraphQL run, profiled');
    await api.profile('start');
    await autocannon({
      url: graphqlUrl,
      connections: options.connections,
      duration: options.durationS,
      requests: queries.map((q) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: graphqlSearchBody(q),
      })),
    });
    await api.profile('stop', join(resolve(profileDir), 'search.cpuprofile'));
  }
  context.record({
    group,
    name: 'search max throughput',
    value: graphql,
    unit: 'req/s',
    baseline: {
      name: `straight to Meilisearch, ${options.connections} connections`,
      value: direct,
    },
    ratio: ratioOf(graphql, direct),
    goal: '≥ 70 % of direct',
    pass: graphql >= 0.7 * direct,
  });
  context.record({
    group,
    name: 'bare Node proxy p50, fixed rate',
    value: fixed.proxy.p50,
    unit: 'ms',
    baseline: { name: `straight to Meilisearch, ${options.rate}/s`, value: fixed.direct.p50 },
    ratio: ratioOf(fixed.proxy.p50, fixed.direct.p50),
    note: `overhead ${round(fixed.proxy.p50 - fixed.direct.p50)} ms; p95 ${fixed.proxy.p95} ms`,
  });
  context.record({
    group,
    name: 'bare Node proxy max throughput',
    value: proxied,
    unit: 'req/s',
    baseline: {
      name: `straight to Meilisearch, ${options.connections} connections`,
      value: direct,
    },
    ratio: ratioOf(proxied, direct),
  });
  context.record({
    group,
    name: 'bare Node proxy CPU per search',
    value: cpu.proxy.api,
    unit: 'ms',
    note: `of which in the kernel ${cpu.proxy.apiKernel ?? '—'} ms`,
  });
  context.record({
    group,
    name: 'floor: { __typename } p50, fixed rate',
    value: fixed.floor.p50,
    unit: 'ms',
    note: `p95 ${fixed.floor.p95} ms`,
  });
  context.record({
    group,
    name: 'floor: { __typename } p50, each request from a new client address',
    value: fixed.newReader.p50,
    unit: 'ms',
    baseline: { name: 'the same from one client', value: fixed.floor.p50 },
    ratio: ratioOf(fixed.newReader.p50, fixed.floor.p50),
    note: `p95 ${fixed.newReader.p95} ms; the rate limit's first count of a client waits for PostgreSQL, later ones mostly not`,
  });
  context.record({
    group,
    name: 'floor: { __typename } max throughput',
    value: floor,
    unit: 'req/s',
  });
  context.record({
    group,
    name: 'API CPU per GraphQL search',
    value: cpu.graphql.api,
    unit: 'ms',
    baseline: { name: 'Meilisearch CPU per direct search', value: cpu.direct.meili },
    ratio: ratioOf(cpu.graphql.api, cpu.direct.meili),
    note: `of which in the kernel ${cpu.graphql.apiKernel ?? '—'} ms; Meilisearch CPU per GraphQL search ${cpu.graphql.meili ?? '—'} ms`,
  });
  context.record({
    group,
    name: 'API CPU per { __typename }',
    value: cpu.floor.api,
    unit: 'ms',
    note: `of which in the kernel ${cpu.floor.apiKernel ?? '—'} ms`,
  });
}
