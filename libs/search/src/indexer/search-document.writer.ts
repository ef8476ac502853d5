import { describeSearchError, isSearchRequestRejected } from '../meilisearch/meilisearch-errors';
import type { Meilisearch } from '../meilisearch/meilisearch-sdk';
import { SearchTaskFailedError, succeeded } from '../search-tasks';

/** A document to write for an entry (normally a PublicEntryDocument). */
export interface DocumentWrite {
  entryId: string;
  document: Record<string, unknown>;
}

export interface WriteOutcome {
  /** Entries whose document Meilisearch now holds, or whose document it deleted. */
  done: string[];
  /** Entries whose document Meilisearch refused, with its reason. */
  rejected: Map<string, string>;
}

/**
 * Writes documents and deletions to an index and waits until Meilisearch has applied them.
 * A batch Meilisearch refuses is split into one task per document, so that one bad document
 * is reported alone and the others still land. Anything else (unreachable, timeout, server
 * error) is thrown for the caller to retry.
 */
export class SearchDocumentWriter {
  constructor(
    private readonly client: Meilisearch,
    private readonly taskTimeoutMs: number,
  ) {}

  async apply(
    indexName: string,
    upserts: DocumentWrite[],
    deletes: string[],
  ): Promise<WriteOutcome> {
    const index = this.client.index(indexName);
    const rejected = new Map<string, string>();
    const done: string[] = [];
    // Enqueue both before waiting: Meilisearch may batch them.
    const addTask = upserts.length
      ? index.addDocuments(
          upserts.map((u) => u.document),
          { primaryKey: 'id' },
        )
      : undefined;
    const deleteTask = deletes.length ? index.deleteDocuments(deletes) : undefined;
    const [added, deleted] = await Promise.allSettled([
      addTask ? succeeded(this.client, addTask, this.taskTimeoutMs) : Promise.resolve(undefined),
      deleteTask
        ? succeeded(this.client, deleteTask, this.taskTimeoutMs)
        : Promise.resolve(undefined),
    ]);
    if (deleted.status === 'rejected') throw deleted.reason;
    done.push(...deletes);
    if (added.status === 'fulfilled') {
      done.push(...upserts.map((u) => u.entryId));
      return { done, rejected };
    }
    const error: unknown = added.reason;
    if (!isRejection(error)) throw error;
    if (upserts.length === 1) {
      rejected.set(upserts[0].entryId, describeSearchError(error));
      return { done, rejected };
    }
    // Isolate: one task per document, all enqueued at once (a failed task fails alone).
    const single = await Promise.allSettled(
      upserts.map((u) =>
        succeeded(
          this.client,
          index.addDocuments([u.document], { primaryKey: 'id' }),
          this.taskTimeoutMs,
        ),
      ),
    );
    single.forEach((result, i) => {
      const { entryId } = upserts[i];
      if (result.status === 'fulfilled') done.push(entryId);
      else if (isRejection(result.reason))
        rejected.set(entryId, describeSearchError(result.reason));
      else throw result.reason;
    });
    return { done, rejected };
  }
}

/** Meilisearch refused the documents themselves: a failed task or a 4xx on the request. */
function isRejection(error: unknown): boolean {
  return (
    (error instanceof SearchTaskFailedError && error.rejected) || isSearchRequestRejected(error)
  );
}
