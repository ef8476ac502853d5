import { Injectable } from '@nestjs/common';
import { PublicIndexWithdrawal, WithdrawalMoment } from '@insyn/registry';
import { describeSearchError, isSearchConnectionError } from './meilisearch/meilisearch-errors';
import { SearchUnavailableError, withDeadline } from './public-search/public-search.service';
import { isRebuildIndexOf } from './search-index-settings';
import { SearchRuntime } from './search-runtime';

/** How long a publication waits for the search engine to take the removal: past it, it goes on. */
export const WITHDRAWAL_TIMEOUT_MS = 1000;

/** Pauses between attempts while the connection is refused (a restart takes a few hundred ms). */
const RETRY_FIRST_MS = 25;
const RETRY_MAX_MS = 200;

/**
 * Removes an entry's public search document for a publication that narrows it (see
 * PublicIndexWithdrawal), before it commits and again after, from the live index and any rebuild
 * under way: the removal is queued in Meilisearch, so it is applied after whatever was queued before it and before whatever the
 * indexer writes later. Waits only for the queueing, not for the task. A refused or cut connection (Meilisearch restarting) is tried again until
 * the deadline. A search engine that cannot be reached is told in a warning; the publication
 * goes on, and the outbox row converges the index once the engine is back.
 */
@Injectable()
export class SearchDocumentWithdrawal extends PublicIndexWithdrawal {
  constructor(private readonly runtime: SearchRuntime) {
    super();
  }

  async withdraw(entryId: string, moment: WithdrawalMoment): Promise<void> {
    const started = Date.now();
    const deadline = started + WITHDRAWAL_TIMEOUT_MS;
    try {
      await withDeadline(WITHDRAWAL_TIMEOUT_MS, async () => {
        for (let pause = RETRY_FIRST_MS; ; pause = Math.min(pause * 2, RETRY_MAX_MS)) {
          try {
            return await this.remove(entryId);
          } catch (error) {
            // Past the deadline nobody waits for the answer: stop rather than retry unheard.
            if (!isSearchConnectionError(error) || Date.now() + pause >= deadline) throw error;
            await new Promise((resolve) => setTimeout(resolve, pause));
          }
        }
      });
    } catch (error) {
      this.runtime.log.warn(
        {
          entryId,
          reason: error instanceof SearchUnavailableError ? 'deadline' : describeSearchError(error),
          ms: Date.now() - started,
        },
        moment === 'before commit'
          ? 'search document not removed ahead of a narrowing publication; the indexer replaces it'
          : 'search document not removed after a narrowing publication; the indexer replaces it',
      );
    }
  }

  /**
   * From the live index, and from a rebuild under way (reindex), which would otherwise swap in
   * the document it read before the publication. Narrowing publications are rare: listing the
   * indexes each time costs one request beside the removal.
   */
  private async remove(entryId: string): Promise<void> {
    const client = await this.runtime.searchClient();
    const live = this.runtime.indexName;
    const [, indexes] = await Promise.all([
      client.index(live).deleteDocument(entryId),
      client.getRawIndexes({ limit: 1000 }),
    ]);
    const rebuilds = indexes.results.map((i) => i.uid).filter((uid) => isRebuildIndexOf(live, uid));
    await Promise.all(rebuilds.map((uid) => client.index(uid).deleteDocument(entryId)));
  }
}
