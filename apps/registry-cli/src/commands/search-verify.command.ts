import { SearchIndexer, SearchRuntime, VerifyReport } from '@insyn/search';
import { CliCommand } from '../cli-command';
import { searchFailure } from '../search-failure';

/**
 * Compares (id, version, content digest) between the database and the public index and repairs
 * drift: outbox rows for missing, stale and stray documents, which it then indexes itself (a
 * running indexer may share the work). `--dry-run` only reports, and fails when there is drift.
 */
export const searchVerifyCommand: CliCommand = {
  name: 'search:verify',
  usage: 'search:verify [--dry-run]    compare the search index with the database and repair drift',
  usesSearch: true,
  options: { 'dry-run': { type: 'boolean' } },
  async run(values, { dataSource, search, log, print }) {
    const runtime = new SearchRuntime(search, { log });
    try {
      const dryRun = values['dry-run'] === true;
      const report = await new SearchIndexer(dataSource, runtime).verifier.verify({
        repair: !dryRun,
      });
      describe(report, print);
      const drift = driftOf(report);
      if (dryRun) {
        if (drift) throw new Error(`the search index differs from the database (${drift} entries)`);
        return;
      }
      if (!drift && !report.settingsRepaired) return;
      const indexer = new SearchIndexer(dataSource, runtime);
      const indexed = await indexer.drain();
      print(`repaired: ${indexed.written} written, ${indexed.deleted} deleted`);
      // A running indexer may hold some of the repair's rows: their writes land when it has sent
      // them, so the index is checked until it agrees, or the deadline passes.
      const deadline = Date.now() + SETTLE_MS;
      let after = await indexer.verifier.verify({ repair: false });
      while (driftOf(after) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await indexer.drain(Math.max(0, deadline - Date.now()));
        after = await indexer.verifier.verify({ repair: false });
      }
      if (driftOf(after)) {
        describe(after, print);
        throw new Error(
          'drift remains after the repair; see search_dead_letter and the indexer log',
        );
      }
      print('the search index now equals the database');
    } catch (error) {
      throw searchFailure(error, search.host) ?? error;
    } finally {
      runtime.close();
    }
  },
};

/** How long the repair's writes may take to land, a running indexer's included. */
const SETTLE_MS = 60_000;

function driftOf(report: VerifyReport): number {
  return report.missing.length + report.stale.length + report.strays.length;
}

function describe(report: VerifyReport, print: (line: string) => void): void {
  print(`database: ${report.expected} public entries; index: ${report.indexed} documents`);
  print(
    `missing: ${report.missing.length}, stale: ${report.stale.length}, strays: ${report.strays.length}, dead-lettered: ${report.deadLettered.length}`,
  );
  for (const [label, ids] of [
    ['missing', report.missing],
    ['stale', report.stale],
    ['stray', report.strays],
    ['dead-lettered', report.deadLettered],
  ] as const) {
    for (const id of ids.slice(0, 20)) print(`  ${label}: ${id}`);
    if (ids.length > 20) print(`  … and ${ids.length - 20} more ${label}`);
  }
  if (report.settingsRepaired) print('index settings were missing or outdated and were applied');
}
