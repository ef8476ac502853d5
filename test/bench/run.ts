import { runSearchBench } from './search.bench';

/**
 * `npm run bench`: every benchmark, one after the other, each printing its own ratios measured in
 * the same run. Speed goals live here, not in timed tests.
 */
async function main(): Promise<void> {
  await runSearchBench({});
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
