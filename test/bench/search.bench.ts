import 'reflect-metadata';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig } from '@insyn/config';
import { buildDataSourceOptions, runMigrations } from '@insyn/database';
import { silentLog, startServices, temporaryDataDir } from '@insyn/embedded-services';
import { systemActor, TokensService } from '@insyn/access';
import {
  DepartmentsService,
  EntriesService,
  EntryContent,
  EntryKind,
  EntryWorkflowService,
  INSYN_ENTITIES,
  seedDemoData,
} from '@insyn/registry';
import {
  createNodeHttpTransport,
  Meilisearch,
  SearchConnection,
  SearchIndexer,
  SearchRuntime,
} from '@insyn/search';
import { createRegistryApi } from '../../apps/registry-api/src/bootstrap';

/**
 * Search speed on this machine, with embedded PostgreSQL and Meilisearch and the API's own
 * in-process indexer; entries are registered and published through the registry's services:
 * - freshness: the publishing call starts → the entry is found by search;
 * - search latency: GraphQL over HTTP, against the same search straight to Meilisearch through
 *   Insyn's node:http client and through the official client's default fetch;
 * - the public site's entry page, served whole (SQL, render, headers): goal p95 < 50 ms.
 *
 *   npm run -s build && node dist/test/bench/search.bench.js [--entries 1000] [--rounds 300]
 */

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

const QUERY = 'kamera parkering';
const FACETS = ['kind', 'departmentSlug', 'theme'];

export async function runSearchBench(
  options: { entries?: number; rounds?: number } = {},
): Promise<Record<string, Stats>> {
  const entries = options.entries ?? 1000;
  const rounds = options.rounds ?? 300;
  const services = await startServices({
    dataDir: temporaryDataDir('insyn-bench-'),
    persistent: false,
    log: silentLog,
  });
  const dataSource = await new DataSource(
    buildDataSourceOptions(services.databaseUrl, INSYN_ENTITIES, 8),
  ).initialize();
  await runMigrations(dataSource);
  const app = await createRegistryApi({
    config: loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      INSYN_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef',
    }),
    databaseUrl: services.databaseUrl,
    search: new SearchConnection(services.meiliHost, services.meiliMasterKey, 'bench'),
    log: pino({ level: 'silent' }),
    // Thousands of requests from one client: the rate limit is not what is measured.
    rateLimit: { limit: 100_000 },
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const runtime = app.get(SearchRuntime);
  const indexer = new SearchIndexer(app.get(DataSource), runtime, {
    listenUrl: services.databaseUrl,
  });
  await indexer.start();
  const results: Record<string, Stats> = {};
  try {
    const fast = await runtime.searchClient();
    const index = fast.index(runtime.indexName);
    // Entries go through the registry's own services (rules, audit, outbox), as an editor's would.
    const registry = {
      entries: app.get(EntriesService),
      workflow: app.get(EntryWorkflowService),
    };
    await seedDemoData({
      dataSource: app.get(DataSource),
      departments: app.get(DepartmentsService),
      tokens: app.get(TokensService),
      ...registry,
    });
    const templates = await templatesByKind(app.get(DataSource));
    const actor = systemActor('bench');
    const words = [
      'kamera',
      'parkering',
      'buller',
      'cykel',
      'skola',
      'bistånd',
      'luftkvalitet',
      'sensor',
    ];
    const register = async (n: number, title: string, summary: string) => {
      const [kind, department, content] = templates[n % templates.length];
      const view = await registry.entries.register(actor, kind, department, {
        ...content,
        title,
        summary,
      });
      await registry.workflow.submit(actor, view.entry.id);
      return view.entry.id;
    };
    const publish = (id: string) => registry.workflow.publish(actor, id, 'Benchmark');
    log(`seeding ${entries} published entries…`);
    for (let i = 0; i < entries; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, entries - i) }, async (_, j) => {
          const n = i + j;
          const id = await register(
            n,
            `${words[n % 8]} ${words[(n * 3) % 8]} nummer ${n}`,
            `Ett exempel om ${words[(n * 5) % 8]} och ${words[(n * 7) % 8]}`,
          );
          await publish(id);
        }),
      );
    }
    const total = entries + templates.length;
    await until(
      async () => (await index.search('', { limit: 0 })).estimatedTotalHits === total,
      180_000,
    );

    log('freshness: publish → searchable…');
    const freshness: number[] = [];
    for (let i = 0; i < 30; i++) {
      const word = `fräschhet${i}x${Date.now().toString(36)}`;
      const id = await register(i, word, 'Mäter hur fort en publicering blir sökbar');
      const started = performance.now();
      await publish(id);
      await until(async () => (await index.search(word)).hits.some((h) => h.id === id), 10_000, 5);
      freshness.push(performance.now() - started);
    }
    results['publish → searchable'] = stats(freshness);

    const apiKey = fast.config.apiKey!;
    // The official client's default transport, addressed as `localhost` (createMeilisearchClient
    // would pin 127.0.0.1, so build it by hand).
    const fetchClient = new Meilisearch({
      host: services.meiliHost.replace('127.0.0.1', 'localhost'),
      apiKey,
    });
    log('search latency…');
    results['Meilisearch, node:http keep-alive (Insyn)'] = await time(rounds, () =>
      search(fast, runtime.indexName),
    );
    results['Meilisearch, default fetch, 127.0.0.1'] = await time(rounds, () =>
      search(new Meilisearch({ host: services.meiliHost, apiKey }), runtime.indexName),
    );
    results['Meilisearch, default fetch, localhost'] = await time(rounds, () =>
      search(fetchClient, runtime.indexName),
    );
    // Two runs of at most 250 (the rate limit is raised above; the cap keeps the run short).
    const graphqlBody = JSON.stringify({
      query: `{ search(query: "${QUERY}", facets: [KIND, DEPARTMENT, THEME], first: 20) { estimatedTotalHits hits { id title summaryHighlighted department { slug } } } }`,
    });
    const graphqlRounds = Math.min(rounds, 250);
    results['GraphQL search, fetch client'] = await time(graphqlRounds, async () => {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: graphqlBody,
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    });
    const keepAlive = createNodeHttpTransport();
    try {
      results['GraphQL search, node:http keep-alive client'] = await time(
        graphqlRounds,
        async () => {
          const body = (await keepAlive.request(`${baseUrl}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: graphqlBody,
          })) as { errors?: unknown };
          if (body.errors) throw new Error(JSON.stringify(body.errors));
        },
      );
    } finally {
      keepAlive.destroy();
    }
    // The public site: a whole entry page (SQL through the visibility policy, render, ETag),
    // for the richest published entry. The goal is a p95 under 50 ms on this machine.
    const [{ slug }] = (await dataSource.query(
      `SELECT e.slug FROM entry e JOIN entry_version v ON v.id = e.published_version_id
       WHERE e.kind = 'ALGORITHM' ORDER BY length(v.content::text) DESC LIMIT 1`,
    )) as { slug: string }[];
    log('entry page…');
    results['site: entry page (HTML), fetch client'] = await time(rounds, async () => {
      const response = await fetch(`${baseUrl}/sv/entries/${slug}`);
      if (response.status !== 200) throw new Error(`entry page answered ${response.status}`);
      await response.text();
    });
  } finally {
    await indexer.stop();
    await app.close();
    await dataSource.destroy();
    await services.stop();
  }
  return results;
}

/** The published demo entries' content, one per kind and department, to register copies of. */
async function templatesByKind(
  dataSource: DataSource,
): Promise<[EntryKind, string, EntryContent][]> {
  const rows: { kind: EntryKind; slug: string; content: EntryContent }[] = await dataSource.query(
    `SELECT e.kind, d.slug, v.content FROM entry e
     JOIN entry_version v ON v.id = e.published_version_id
     JOIN department d ON d.id = e.department_id
     ORDER BY e.slug`,
  );
  if (!rows.length) throw new Error('no published demo entries to copy');
  return rows.map((r) => [r.kind, r.slug, r.content]);
}

async function search(client: Meilisearch, indexName: string): Promise<void> {
  await client.index(indexName).search(QUERY, { facets: FACETS, limit: 20 });
}

async function time(rounds: number, work: () => Promise<void>): Promise<Stats> {
  for (let i = 0; i < Math.min(20, rounds); i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(sorted.at(-1)!),
  };
}

async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The results as a table (and one JSON line for tools), on standard output. */
export function printSearchBench(results: Record<string, Stats>): void {
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  console.log(`${'search benchmark'.padEnd(width)}      n     p50 ms     p95 ms     max ms`);
  for (const [name, s] of Object.entries(results)) {
    console.log(
      `${name.padEnd(width)} ${String(s.n).padStart(6)} ${s.p50.toFixed(2).padStart(10)} ${s.p95.toFixed(2).padStart(10)} ${s.max.toFixed(2).padStart(10)}`,
    );
  }
  console.log(JSON.stringify({ bench: 'search', results }));
}

/** `--name value` from the command line, as a number. */
export function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
}

if (require.main === module) {
  runSearchBench({ entries: flag('entries'), rounds: flag('rounds') })
    .then((results) => {
      printSearchBench(results);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error('search benchmark failed:', error);
      process.exit(1);
    });
}
