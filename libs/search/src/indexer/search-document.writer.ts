import { describeSearchError, isSearchRequestRejected } from '../meilisearch/meilisearch-errors';
import type { EnqueuedTask, Meilisearch } from '../meilisearch/meilisearch-sdk';
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

/** Writes Meilisearch has accepted into its queue (or refused outright), not yet confirmed. */
export interface EnqueuedWrites {
  indexName: string;
  upserts: DocumentWrite[];
  deletes: string[];
  added: Settled<EnqueuedTask | undefined>;
  deleted: Settled<EnqueuedTask | undefined>;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Writes documents and deletions to an index in two steps, so that a caller can have several
 * batches queued in Meilisearch at once: `enqueue` sends them (Meilisearch answers with task ids
 * at once, and batches consecutive tasks itself), `confirm` waits until Meilisearch has applied
 * them. A batch Meilisearch refuses is split into one task per document, so that one bad document
 * is reported alone and the others still land. Anything else (unreachable, timeout, server
 * error) is thrown for the caller to retry.
 */
export class SearchDocumentWriter {
  constructor(
    private readonly client: Meilisearch,
    private readonly taskTimeoutMs: number,
  ) {}

  /** Enqueues and confirms (one batch at a time). */
  async apply(
    indexName: string,
    upserts: DocumentWrite[],
    deletes: string[],
  ): Promise<WriteOutcome> {
    return this.confirm(await this.enqueue(indexName, upserts, deletes));
  }

  /** Sends the writes; resolves once Meilisearch has queued (or refused) them. */
  async enqueue(
    indexName: string,
    upserts: DocumentWrite[],
    deletes: string[],
  ): Promise<EnqueuedWrites> {
    const index = this.client.index(indexName);
    // Both sent before either answer: Meilisearch may batch them.
    const [added, deleted] = await Promise.all([
      settle(
        upserts.length
          ? index.addDocuments(
              upserts.map((u) => u.document),
              { primaryKey: 'id' },
            )
          : undefined,
      ),
      settle(deletes.length ? index.deleteDocuments(deletes) : undefined),
    ]);
    return { indexName, upserts, deletes, added, deleted };
  }

  /** Waits until Meilisearch has applied enqueued writes; isolates refused documents. */
  async confirm(writes: EnqueuedWrites): Promise<WriteOutcome> {
    const { upserts, deletes } = writes;
    const rejected = new Map<string, string>();
    const done: string[] = [];
    const [added, deleted] = await Promise.allSettled([
      this.succeeded(writes.added),
      this.succeeded(writes.deleted),
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
    const index = this.client.index(writes.indexName);
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

  private async succeeded(task: Settled<EnqueuedTask | undefined>): Promise<void> {
    if (!task.ok) throw task.error;
    if (task.value) await succeeded(this.client, task.value, this.taskTimeoutMs);
  }
}

async function settle<T>(promise: Promise<T> | T): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Meilisearch refused the documents themselves: a failed task or a 4xx on the request. */
function isRejection(error: unknown): boolean {
  return (
    (error instanceof SearchTaskFailedError && error.rejected) || isSearchRequestRejected(error)
  );
}
