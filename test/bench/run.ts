import { flag, printSearchBench, runSearchBench } from './search.bench';

/**
 * `npm run bench`: every benchmark, one after the other, each printing its table of timings
 * measured in the same run. Speed goals live here, not in timed tests.
 *
 *   npm run bench [-- --entries 1000 --rounds 300]
 */
async function main(): Promise<void> {
  printSearchBench(await runSearchBench({ entries: flag('entries'), rounds: flag('rounds') }));
  // Open handles of the servers' clients must not keep the process waiting.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
