import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig, SERVER_NODE_FLAGS } from '@insyn/config';
import { buildDataSourceOptions, migrateDatabase } from '@insyn/database';
import { silentLog, startServices, temporaryDataDir } from '@insyn/embedded-services';
import { INSYN_ENTITIES } from '@insyn/registry';
import { liveIndexName } from '@insyn/search';
import { BenchContext, BenchOptions, meili } from './bench-context';
import { BenchServer, commandOf, MeilisearchPeaks, PeakSampler, pssMb } from './bench-processes';
import { BenchRun, FIGURE_NAMES, writeResults } from './bench-results';
import { KeepAliveClient, progress, round, until } from './bench-timing';
import { auditorQueryFigure } from './figures/auditor-query.figure';
import { bulkIndexingFigure } from './figures/bulk-indexing.figure';
import { freshnessFigure } from './figures/freshness.figure';
import { memoryFigure } from './figures/memory.figure';
import { publicPagesFigure } from './figures/public-pages.figure';
import { searchOverheadFigure } from './figures/search-overhead.figure';
import { startUpFigure } from './figures/start-up.figure';
import { RegisterLoader } from './register-loader';

/**
 * `npm run bench [-- --entries 10000 --only search,freshness --duration 10 --rate 50 --out bench]`
 *
 * Builds a generated register (register-generator.ts) through the domain services, then
 * measures the figures of issue 14 against baselines taken in the same run, and writes
 * `<out>/results.md` and `<out>/results.json`. The servers: embedded (a throwaway data folder),
 * or those in DATABASE_URL / MEILI_HOST (a fresh database `insyn_bench_…` is created there and
 * dropped after, and the indexes carry their own prefix). Progress goes to standard error.
 *
 * Groups for --only: search, freshness, bulk, auditor, pages, startup, memory.
 */
export const GROUPS = ['search', 'freshness', 'bulk', 'auditor', 'pages', 'startup', 'memory'];

export function parseOptions(argv: string[]): BenchOptions {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (name: string, fallback: number) => {
    const given = value(name);
    if (given === undefined) return fallback;
    const n = Number(given);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const only = value('only');
  const groups = only ? new Set(only.split(',').map((g) => g.trim())) : null;
  for (const g of groups ?? [])
    if (!GROUPS.includes(g)) throw new Error(`--only: unknown group ${g} (${GROUPS.join(', ')})`);
  return {
    entries: Math.round(number('entries', 10_000)),
    durationS: number('duration', 10),
    rate: number('rate', 50),
    connections: Math.round(number('connections', 10)),
    publishes: Math.round(number('publishes', 100)),
    backgroundRate: number('background-rate', 50),
    rounds: Math.round(number('rounds', 100)),
    out: resolve(value('out') ?? 'bench'),
    only: groups,
  };
}

export async function runBench(options: BenchOptions): Promise<BenchRun> {
  const wants = (group: string) => !options.only || options.only.has(group);
  const run: BenchRun = {
    startedAt: new Date().toISOString(),
    entries: options.entries,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: round(totalmem() / 1024 ** 3, 1),
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
    },
    servers: process.env.DATABASE_URL && process.env.MEILI_HOST ? 'external' : 'embedded',
    loading: '',
    figures: [],
    failures: [],
  };
  const record = (figure: BenchRun['figures'][number]) => {
    run.figures.push(figure);
    progress(
      `${figure.name}: ${figure.value} ${figure.unit}${figure.baseline ? ` (baseline ${figure.baseline.value})` : ''}`,
    );
  };
  const attempt = async (group: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      progress(`${group} failed: ${message}`);
      run.failures.push({ group, error: message });
    }
  };

  const secrets = {
    INSYN_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef',
    INSYN_CONTACT_SECRET: 'bench-contact-secret-0123456789abcdef',
  };
  const config = loadConfig(secrets);
  const services = await startServices({
    dataDir: temporaryDataDir('insyn-bench-'),
    persistent: false,
    databaseUrl: run.servers === 'external' ? process.env.DATABASE_URL : undefined,
    migrationUrl: run.servers === 'external' ? process.env.DATABASE_MIGRATION_URL : undefined,
    meiliHost: run.servers === 'external' ? process.env.MEILI_HOST : undefined,
    meiliMasterKey: run.servers === 'external' ? process.env.MEILI_MASTER_KEY : undefined,
    log: silentLog,
  });
  const suffix = Date.now().toString(36);
  let databaseUrl = services.databaseUrl;
  // Migrations as the tables' owner (the embedded one, or DATABASE_MIGRATION_URL), as at start.
  let migrationUrl = services.migrationUrl;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (run.servers === 'external') {
    // Never the configured database itself: a fresh one beside it.
    const name = `insyn_bench_${suffix}`;
    const admin = new Client({ connectionString: services.databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(services.databaseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    if (migrationUrl) {
      const owner = new URL(migrationUrl);
      owner.pathname = `/${name}`;
      migrationUrl = owner.toString();
    }
    dropDatabase = async () => {
      const c = new Client({ connectionString: services.databaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const indexPrefix = `bench${suffix}`;
  const childEnv = {
    ...secrets,
    BENCH_DATABASE_URL: databaseUrl,
    BENCH_MEILI_HOST: services.meiliHost,
    BENCH_MEILI_KEY: services.meiliMasterKey,
    BENCH_INDEX_PREFIX: indexPrefix,
  };
  const postgresPid = services.pids.find((pid) => commandOf(pid) === 'postgres');
  const meilisearchPid = services.pids.find((pid) => commandOf(pid) === 'meilisearch');
  const postgresPss = postgresPid ? new PeakSampler(() => pssMb(postgresPid)) : undefined;
  const meilisearchPeaks = meilisearchPid ? new MeilisearchPeaks(meilisearchPid) : undefined;
  const dataSource = await new DataSource(
    buildDataSourceOptions(databaseUrl, INSYN_ENTITIES, 10),
  ).initialize();
  const client = new KeepAliveClient();
  let api: BenchServer | undefined;
  let indexer: BenchServer | undefined;
  try {
    await migrateDatabase(dataSource, migrationUrl);
    const loader = new RegisterLoader(dataSource, config);
    await loader.prepare();
    progress(
      `loading ${options.entries.toLocaleString('en-GB')} entries through the domain services (8 in flight), indexer stopped`,
    );
    const loaded = await loader.load(0, options.entries);
    const published = Number(
      (
        await dataSource.query(
          'SELECT count(*) AS n FROM entry WHERE published_version_id IS NOT NULL',
        )
      )[0].n,
    );
    run.loading =
      `${options.entries.toLocaleString('en-GB')} generated entries (+ the demo data) registered, linked, submitted and published ` +
      `through the domain services in the bench process (EntriesService, EntryWorkflowService: rules, audit and outbox as through GraphQL), 8 in flight: ` +
      `${round(loaded.seconds, 1)} s, ${round(loaded.perSecond, 1)} entries/s, ${loader.versions} published versions` +
      (loader.slugRetries
        ? `, ${loader.slugRetries} registrations retried after a slug race (entry_slug_key).`
        : '.');
    const context: BenchContext = {
      options,
      dataSource,
      databaseUrl,
      meili: {
        host: services.meiliHost,
        key: services.meiliMasterKey,
        indexName: liveIndexName(indexPrefix),
        pid: meilisearchPid,
        peaks: meilisearchPeaks,
      },
      loader,
      client,
      api: undefined as unknown as BenchServer,
      indexer: undefined as unknown as BenchServer,
      published,
      record,
    };
    const startIndexer = async () => {
      // The servers' flags, as in production; BENCH_INDEXER_NODE_OPTIONS: more of node's flags
      // for the indexer (`--cpu-prof --cpu-prof-dir=prof`).
      indexer = await BenchServer.start('indexer', childEnv, [
        ...SERVER_NODE_FLAGS,
        ...(process.env.BENCH_INDEXER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
      ]);
      context.indexer = indexer;
    };
    if (wants('bulk'))
      await attempt('3. bulk indexing', () => bulkIndexingFigure(context, startIndexer));
    if (!indexer) await startIndexer();
    // Everything indexed before the API is measured.
    await until(
      async () =>
        Number(
          (
            await dataSource.query(
              'SELECT count(*) AS n FROM search_outbox WHERE processed_at IS NULL',
            )
          )[0].n,
        ) === 0,
      3_600_000,
      'the outbox drained',
      200,
    );
    const stats = await meili<{ numberOfDocuments: number }>(
      context,
      `/indexes/${context.meili.indexName}/stats`,
    );
    progress(`${stats.numberOfDocuments} documents in the index`);
    // The planner's statistics of a register in use, which autovacuum gathers within a minute or
    // so of a load: measured before it had run, a page's statements could be planned on empty
    // statistics (a whole partial index scanned for 50 entries' versions), and each run got
    // whatever plan the timing of autovacuum gave it.
    await analyze(migrationUrl ?? databaseUrl);
    // As in production: graphql-js and Express skip their development checks.
    // The servers' flags, as in production; BENCH_API_NODE_OPTIONS: more of node's flags for the
    // API (`--cpu-prof --cpu-prof-dir=prof`). --expose-gc only lets the memory figure ask for a
    // full collection before it reads the heap.
    api = await BenchServer.start('api', { ...childEnv, NODE_ENV: 'production' }, [
      ...SERVER_NODE_FLAGS,
      '--expose-gc',
      ...(process.env.BENCH_API_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
    ]);
    context.api = api;
    if (wants('search')) await attempt('1. search overhead', () => searchOverheadFigure(context));
    if (wants('freshness')) await attempt('2. freshness', () => freshnessFigure(context));
    if (wants('auditor')) await attempt('4. auditor query', () => auditorQueryFigure(context));
    if (wants('pages'))
      await attempt('5. public pages and concerns', () => publicPagesFigure(context));
    if (wants('memory'))
      await attempt('7. memory', () =>
        memoryFigure(context, {
          meilisearch: meilisearchPeaks?.stop() ?? null,
          postgresPeakPss: postgresPss?.stop() ?? null,
        }),
      );
  } finally {
    postgresPss?.stop();
    meilisearchPeaks?.stop();
    client.destroy();
    await api?.stop();
    await indexer?.stop();
    await dataSource.destroy();
    await dropDatabase?.().catch(() => undefined);
    if (run.servers === 'external') {
      // The bench's own indexes only.
      const cleanup = new KeepAliveClient();
      const auth = { authorization: `Bearer ${services.meiliMasterKey}` };
      const list = await cleanup.send(`${services.meiliHost}/indexes?limit=1000`, {
        headers: auth,
      });
      for (const index of (JSON.parse(list.body) as { results?: { uid: string }[] }).results ?? [])
        if (index.uid.startsWith(indexPrefix))
          await cleanup.send(`${services.meiliHost}/indexes/${index.uid}`, {
            method: 'DELETE',
            headers: auth,
          });
      cleanup.destroy();
    }
    await services.stop();
  }
  // Last, on its own servers: nothing else of the bench runs meanwhile.
  if (wants('startup')) await attempt('6. start-up', () => startUpFigure({ record }));
  run.figures.sort((a, b) => a.group.localeCompare(b.group));
  run.finishedAt = new Date().toISOString();
  return run;
}

/**
 * ANALYZE as the tables' owner: PostgreSQL skips, with only a notice, every table the role
 * running it does not own, and the bench's data source is the app role, which owns none. Fails
 * if an entry table still has no statistics.
 */
async function analyze(ownerUrl: string): Promise<void> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query('ANALYZE');
    const { rows } = await owner.query<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables
        WHERE relname IN ('entry', 'entry_version', 'entry_relation') AND last_analyze IS NULL`,
    );
    if (rows.length)
      throw new Error(`ANALYZE left ${rows.map((r) => r.relname).join(', ')} without statistics`);
  } finally {
    await owner.end();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const run = await runBench(options);
  const files = writeResults(options.out, run);
  const missing = FIGURE_NAMES.filter((name) => !run.figures.some((f) => f.name === name));
  // The table on standard output (progress went to standard error), then where the files are.
  process.stdout.write(readFileSync(files.md, 'utf8'));
  progress(`wrote ${files.md} and ${files.json}`);
  if (missing.length && !options.only) progress(`not measured: ${missing.join('; ')}`);
  // Open handles of the servers' clients must not keep the process waiting.
  process.exit(run.failures.length ? 1 : 0);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('bench failed:', error);
    process.exit(2);
  });
}
