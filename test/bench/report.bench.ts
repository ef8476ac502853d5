import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { resolveTokenKey, TokensService } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { CONCERN_ENTITIES, ConcernsRepository } from '@insyn/concerns';
import { loadConfig } from '@insyn/config';
import { buildDataSourceOptions, runMigrations } from '@insyn/database';
import { silentLog, startServices, temporaryDataDir } from '@insyn/embedded-services';
import {
  DepartmentsService,
  EntriesRepository,
  EntriesService,
  EntryVisibilityPolicy,
  EntryWorkflowService,
  INSYN_ENTITIES,
  RegistryClock,
  seedDemoData,
} from '@insyn/registry';
import { ComplianceReportService } from '@insyn/reports';
import { copyPublished } from './export.bench';

/**
 * The city-wide compliance report (GraphQL `complianceReport`, `cli report`) at 1,000 and at
 * 10,000 published entries, on embedded PostgreSQL: the median of a few runs. Every figure is an
 * aggregate in SQL, so the time grows with the table scans, not with entries loaded.
 *
 *   npm run -s build && node dist/test/bench/report.bench.js [--entries 10000]
 */
export interface ReportBenchRow {
  entries: number;
  medianMs: number;
}

export async function runReportBench(
  options: { entries?: number; rounds?: number } = {},
): Promise<ReportBenchRow[]> {
  const target = options.entries ?? 10_000;
  const rounds = options.rounds ?? 7;
  const services = await startServices({
    dataDir: temporaryDataDir('insyn-bench-report-'),
    persistent: false,
    log: silentLog,
  });
  const dataSource = await new DataSource(
    buildDataSourceOptions(services.databaseUrl, [...INSYN_ENTITIES, ...CONCERN_ENTITIES], 4),
  ).initialize();
  try {
    await runMigrations(dataSource);
    const config = loadConfig({ INSYN_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef' });
    const audit = new AuditLog();
    const clock = new RegistryClock();
    const entries = new EntriesRepository(dataSource, new EntryVisibilityPolicy(clock));
    await seedDemoData({
      dataSource,
      departments: new DepartmentsService(dataSource, audit),
      tokens: new TokensService(dataSource, resolveTokenKey(config), audit),
      entries: new EntriesService(dataSource, entries, audit, clock),
      workflow: new EntryWorkflowService(dataSource, entries, audit, clock),
    });
    const reports = new ComplianceReportService(
      dataSource,
      clock,
      new ConcernsRepository(dataSource),
      config,
    );
    const rows: ReportBenchRow[] = [];
    for (const size of [Math.min(1000, target), target]) {
      await copyPublished(dataSource, size);
      await dataSource.query('ANALYZE');
      const times: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const started = performance.now();
        const report = await reports.compute(null);
        times.push(performance.now() - started);
        if (report.published < size) throw new Error(`expected ${size} published entries`);
      }
      times.sort((a, b) => a - b);
      rows.push({ entries: size, medianMs: +times[Math.floor(times.length / 2)].toFixed(1) });
    }
    return rows;
  } finally {
    await dataSource.destroy();
    await services.stop();
  }
}

/** The results as a table (and one JSON line for tools), on standard output. */
export function printReportBench(rows: ReportBenchRow[]): void {
  console.log('Compliance report (city-wide)  entries  median ms');
  for (const r of rows)
    console.log(
      `${''.padEnd(30)} ${String(r.entries).padStart(8)} ${r.medianMs.toFixed(1).padStart(10)}`,
    );
  console.log(JSON.stringify({ bench: 'compliance-report', results: rows }));
}

if (require.main === module) {
  const i = process.argv.indexOf('--entries');
  runReportBench({ entries: i > 0 ? Number(process.argv[i + 1]) : undefined })
    .then((rows) => {
      printReportBench(rows);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error('report benchmark failed:', error);
      process.exit(1);
    });
}
