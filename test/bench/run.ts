import { printExportBench, runExportBench } from './export.bench';
import { printReportBench, runReportBench } from './report.bench';
import { flag, printSearchBench, runSearchBench } from './search.bench';

/**
 * `npm run bench`: every benchmark, one after the other, each printing its table of timings
 * measured in the same run. Speed goals live here, not in timed tests.
 *
 *   npm run bench [-- --entries 1000 --rounds 300 --export-entries 10000 --report-entries 10000
 *                    --only search|export|report]
 */
async function main(): Promise<void> {
  const only = process.argv.includes('--only')
    ? process.argv[process.argv.indexOf('--only') + 1]
    : undefined;
  if (!only || only === 'search')
    printSearchBench(await runSearchBench({ entries: flag('entries'), rounds: flag('rounds') }));
  // The streamed CSV export's memory at 1,000 and 10,000 entries.
  if (!only || only === 'export')
    printExportBench(await runExportBench({ entries: flag('export-entries') }));
  // The city-wide compliance report at 1,000 and 10,000 published entries.
  if (!only || only === 'report')
    printReportBench(await runReportBench({ entries: flag('report-entries') }));
  // Open handles of the servers' clients must not keep the process waiting.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
