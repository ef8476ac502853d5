import { SearchReindexer, SearchRuntime } from '@insyn/search';
import { CliCommand } from '../cli-command';
import { searchFailure } from '../search-failure';

/**
 * Rebuilds the public search index from the database into a fresh index and swaps it in:
 * searches keep answering from the old index until the swap, and the live name stays.
 */
export const reindexCommand: CliCommand = {
  name: 'reindex',
  usage: 'reindex                      rebuild the public search index and swap it in',
  usesSearch: true,
  options: {},
  async run(_values, { dataSource, search, log, print }) {
    const runtime = new SearchRuntime(search, { log });
    try {
      const report = await new SearchReindexer(dataSource, runtime).reindex();
      print(
        `rebuilt ${report.liveIndex}: ${report.documents} public entries in ${report.durationMs} ms`,
      );
      if (report.refused.length) {
        print(
          `refused by Meilisearch (queued for retry, then dead-lettered): ${report.refused.join(', ')}`,
        );
      }
      const drift =
        report.verify.missing.length + report.verify.stale.length + report.verify.strays.length;
      if (drift) print(`${drift} change(s) made during the rebuild were queued for the indexer`);
    } catch (error) {
      throw searchFailure(error, search.host) ?? error;
    } finally {
      runtime.close();
    }
  },
};
