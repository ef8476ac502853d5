import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { resolveTokenKey, TokensService } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { loadConfig } from '@insyn/config';
import { buildDataSourceOptions, runMigrations } from '@insyn/database';
import { silentLog, startServices, temporaryDataDir } from '@insyn/embedded-services';
import {
  DepartmentsService,
  EntriesRepository,
  EntriesService,
  EntryHistoryRepository,
  EntryVisibilityPolicy,
  EntryWorkflowService,
  INSYN_ENTITIES,
  RegistryClock,
  seedDemoData,
} from '@insyn/registry';
import { exportFormat, ExportsService } from '@insyn/standards';

/**
 * Memory of the streamed CSV export (/exports/entries.csv, `cli export --format csv`) at 1,000
 * and at 10,000 published entries, on embedded PostgreSQL: the live heap, measured after a
 * garbage collection at every page (run with --expose-gc, as `npm run bench` does), stays flat
 * when the register grows tenfold, because one page (200 entries) is in memory at a time.
 *
 *   npm run -s build && node --expose-gc dist/test/bench/export.bench.js [--entries 10000]
 */
export interface ExportBenchRow {
  entries: number;
  megabytes: number;
  seconds: number;
  /** Largest live heap during the export, after a GC per page (MB). */
  liveHeapMb: number;
  /** Live heap before the export (MB). */
  baseHeapMb: number;
  peakRssMb: number;
}

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

export async function runExportBench(
  options: { entries?: number } = {},
): Promise<ExportBenchRow[]> {
  const target = options.entries ?? 10_000;
  const services = await startServices({
    dataDir: temporaryDataDir('insyn-bench-export-'),
    persistent: false,
    log: silentLog,
  });
  const dataSource = await new DataSource(
    buildDataSourceOptions(services.databaseUrl, INSYN_ENTITIES, 4),
  ).initialize();
  try {
    await runMigrations(dataSource);
    const config = loadConfig({ INSYN_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef' });
    const audit = new AuditLog();
    const clock = new RegistryClock();
    const policy = new EntryVisibilityPolicy(clock);
    const entries = new EntriesRepository(dataSource, policy);
    const departments = new DepartmentsService(dataSource, audit);
    await seedDemoData({
      dataSource,
      departments,
      tokens: new TokensService(dataSource, resolveTokenKey(config), audit),
      entries: new EntriesService(dataSource, entries, audit, clock),
      workflow: new EntryWorkflowService(dataSource, entries, audit, clock),
    });
    const exports = new ExportsService(
      entries,
      new EntryHistoryRepository(dataSource, entries, policy),
      departments,
      clock,
      { publicUrl: config.publicUrl, organisationName: config.INSYN_ORGANISATION_NAME },
    );
    const rows: ExportBenchRow[] = [];
    for (const size of [Math.min(1000, target), target]) {
      await copyPublished(dataSource, size);
      rows.push(await measure(exports));
    }
    return rows;
  } finally {
    await dataSource.destroy();
    await services.stop();
  }
}

/** Copies the published demo entries (their content, new titles) until `size` are published. */
export async function copyPublished(dataSource: DataSource, size: number): Promise<void> {
  const [{ n }] = await dataSource.query(
    `SELECT count(*)::int AS n FROM entry WHERE published_version_id IS NOT NULL`,
  );
  const missing = size - n;
  if (missing <= 0) return;
  log(`publishing ${missing} more entries (copies of the demo entries)…`);
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `CREATE TEMP TABLE bench_copy ON COMMIT DROP AS
         SELECT i, gen_random_uuid() AS entry_id, gen_random_uuid() AS version_id,
                t.kind, t.department_id, t.content
           FROM generate_series($1::int + 1, $1::int + $2::int) i
           JOIN LATERAL (
             SELECT e.kind, e.department_id, v.content FROM entry e
               JOIN entry_version v ON v.id = e.published_version_id
              ORDER BY e.slug OFFSET (i % (SELECT count(*) FROM entry WHERE published_version_id IS NOT NULL AND slug NOT LIKE 'bench-%')) LIMIT 1
           ) t ON true`,
      [n, missing],
    );
    await manager.query(
      `INSERT INTO entry (id, slug, kind, department_id, status, version, current_version_id,
                          published_version_id, first_published_at, last_published_at)
       SELECT entry_id, 'bench-' || i, kind, department_id, 'PUBLISHED', 1, version_id, version_id, now(), now()
         FROM bench_copy`,
    );
    await manager.query(
      `INSERT INTO entry_version (id, entry_id, department_id, number, state, content, title,
                                  created_by_label, updated_by_label, published_at, published_by_label)
       SELECT version_id, entry_id, department_id, 1, 'PUBLISHED',
              jsonb_set(content, '{title}', to_jsonb('Kopia ' || i || ' av ' || (content->>'title'))),
              'Kopia ' || i, 'bench', 'bench', now(), 'bench'
         FROM bench_copy`,
    );
  });
}

async function measure(exports: ExportsService): Promise<ExportBenchRow> {
  const format = exportFormat('csv')!;
  gc?.();
  const baseHeap = process.memoryUsage().heapUsed;
  let liveHeap = baseHeap;
  let peakRss = process.memoryUsage().rss;
  const sample = () => {
    gc?.();
    const usage = process.memoryUsage();
    liveHeap = Math.max(liveHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  };
  const out = createWriteStream('/dev/null');
  let bytes = 0;
  let count = 0;
  const started = performance.now();
  await exports.write(
    format,
    async (chunk) => {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    },
    {
      progress: (done) => {
        count = done;
        sample();
      },
    },
  );
  out.end();
  await once(out, 'finish');
  const seconds = (performance.now() - started) / 1000;
  log(`exported ${count} entries`);
  return {
    entries: count,
    megabytes: +(bytes / MB).toFixed(1),
    seconds: +seconds.toFixed(2),
    liveHeapMb: +(liveHeap / MB).toFixed(1),
    baseHeapMb: +(baseHeap / MB).toFixed(1),
    peakRssMb: +(peakRss / MB).toFixed(1),
  };
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The results as a table (and one JSON line for tools), on standard output. */
export function printExportBench(rows: ExportBenchRow[]): void {
  console.log(
    `CSV export (streamed)  entries      MB   seconds  live heap MB  base heap MB  peak RSS MB${gc ? '' : '  (run node --expose-gc for live heap)'}`,
  );
  for (const r of rows)
    console.log(
      `${''.padEnd(22)} ${String(r.entries).padStart(7)} ${r.megabytes.toFixed(1).padStart(7)} ${r.seconds.toFixed(2).padStart(9)} ${r.liveHeapMb.toFixed(1).padStart(13)} ${r.baseHeapMb.toFixed(1).padStart(13)} ${r.peakRssMb.toFixed(1).padStart(12)}`,
    );
  console.log(JSON.stringify({ bench: 'export-csv', gc: gc !== undefined, results: rows }));
}

if (require.main === module) {
  const i = process.argv.indexOf('--entries');
  runExportBench({ entries: i > 0 ? Number(process.argv[i + 1]) : undefined })
    .then((rows) => {
      printExportBench(rows);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error('export benchmark failed:', error);
      process.exit(1);
    });
}
