import { DataSource } from 'typeorm';
import { toPublicEntryDocument } from '../public-entry-document.mapper';
import { ensureIndex, indexExists } from '../search-index-admin';
import { isRebuildIndexOf } from '../search-index-settings';
import { SearchRuntime } from '../search-runtime';
import { SearchTaskTimeoutError, succeeded } from '../search-tasks';
import { PublicEntryReader } from './public-entry.reader';
import { DocumentWrite, SearchDocumentWriter } from './search-document.writer';
import { SearchOutboxRepository } from './search-outbox.repository';
import { SearchVerifier, VerifyReport } from './search-verifier';

export interface ReindexReport {
  /** The rebuilt index, under its temporary name before the swap. */
  builtIndex: string;
  /** The live index name (unchanged). */
  liveIndex: string;
  documents: number;
  /** Entries Meilisearch refused (or the mapper could not map); handed to the indexer's retries. */
  refused: string[];
  /** The comparison right after the swap (drift from writes during the rebuild is re-queued). */
  verify: VerifyReport;
  durationMs: number;
}

const REINDEX_LOCK = 7_270_011; // fixed advisory lock id: one rebuild at a time
/** Entries whose published version is read again per statement, before the swap. */
const VERSION_CHECK_CHUNK = 5_000;

/** Another rebuild holds the lock. */
export class ReindexInProgressError extends Error {
  constructor() {
    super('Another search reindex is running; try again when it has finished');
    this.name = 'ReindexInProgressError';
  }
}

/**
 * Rebuilds the public index without a window of empty or failing searches: fills a fresh
 * `<live>_<timestamp>` index from PostgreSQL (settings applied first), swaps it with the live one
 * (atomic in Meilisearch; the live name stays), deletes the old content, then verifies the new
 * live index so that changes the indexer wrote to the old one during the rebuild are queued again.
 */
export class SearchReindexer {
  private readonly reader: PublicEntryReader;
  private readonly outbox: SearchOutboxRepository;
  private readonly verifier: SearchVerifier;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runtime: SearchRuntime,
  ) {
    this.reader = new PublicEntryReader(dataSource);
    this.outbox = new SearchOutboxRepository(dataSource);
    this.verifier = new SearchVerifier(dataSource, runtime);
  }

  async reindex(options: { pageSize?: number } = {}): Promise<ReindexReport> {
    const started = Date.now();
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await lock.query(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [REINDEX_LOCK],
      );
      if (!locked) throw new ReindexInProgressError();
      try {
        return await this.rebuild(options.pageSize ?? 500, started);
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [REINDEX_LOCK]);
      }
    } finally {
      await lock.release();
    }
  }

  private async rebuild(pageSize: number, started: number): Promise<ReindexReport> {
    const client = await this.runtime.writeClient();
    const live = this.runtime.indexName;
    const built = `${live}_${timestamp(new Date())}`;
    const log = this.runtime.log;
    await this.dropLeftovers(live);

    await ensureIndex(client, built);
    const writer = new SearchDocumentWriter(client, this.runtime.taskTimeoutMs);
    let documents = 0;
    const refused: string[] = [];
    /** The published version each document was built from. */
    const readVersions = new Map<string, string>();
    try {
      for await (const page of this.reader.pages(pageSize)) {
        const now = new Date();
        const writes: DocumentWrite[] = [];
        const versionOf = new Map<string, string>();
        for (const source of page) {
          versionOf.set(source.entry.id, source.version.id);
          try {
            writes.push({
              entryId: source.entry.id,
              document: { ...toPublicEntryDocument(source, now) },
            });
          } catch {
            refused.push(source.entry.id);
          }
        }
        const outcome = await writer.apply(built, writes, []);
        documents += outcome.done.length;
        refused.push(...outcome.rejected.keys());
        // Only what is in the rebuilt index is checked before the swap (and counted off).
        for (const id of outcome.done) readVersions.set(id, versionOf.get(id)!);
      }
      documents -= await this.dropPublishedAnew(writer, built, readVersions);
      // The live index must exist to be swapped with; an empty one is created on a first run.
      if (!(await indexExists(client, live))) await ensureIndex(client, live);
      await this.swap(live, built);
    } catch (error) {
      await succeeded(client, client.deleteIndex(built)).catch(() => undefined);
      throw error;
    }
    // `built` now holds the previous content.
    await succeeded(client, client.deleteIndex(built)).catch((error: unknown) =>
      log.warn(
        { index: built, reason: (error as Error).message },
        'could not delete the old index',
      ),
    );
    if (refused.length) await this.outbox.enqueue(refused, 'search:reindex refused');
    const verify = await this.verifier.verify({ repair: true });
    const report = {
      builtIndex: built,
      liveIndex: live,
      documents,
      refused,
      verify,
      durationMs: Date.now() - started,
    };
    log.info(
      { liveIndex: live, documents, refused: refused.length, durationMs: report.durationMs },
      'search index rebuilt and swapped in',
    );
    return report;
  }

  /**
   * Deletes from the rebuilt index the documents of entries published anew (or no longer public)
   * since they were read: built from the version before, such a document may show what a
   * narrowing publication withholds, and that publication's removal may have come before it
   * (removed after the commit too, from this index as well, a document written later would
   * stay). Checked once every document is in, so after any such commit. The verify after the
   * swap finds them missing and queues them for the indexer: missing for a moment is the safe
   * side. Returns how many were deleted.
   */
  private async dropPublishedAnew(
    writer: SearchDocumentWriter,
    built: string,
    readVersions: Map<string, string>,
  ): Promise<number> {
    const ids = [...readVersions.keys()];
    const changed: string[] = [];
    for (let i = 0; i < ids.length; i += VERSION_CHECK_CHUNK) {
      const current = await this.reader.publishedVersionIds(ids.slice(i, i + VERSION_CHECK_CHUNK));
      for (const [id, version] of current) if (version !== readVersions.get(id)) changed.push(id);
    }
    if (!changed.length) return 0;
    await writer.apply(built, [], changed);
    this.runtime.log.info(
      { entries: changed.length },
      'entries published anew during the rebuild: left out of it for the indexer to write',
    );
    return changed.length;
  }

  /**
   * Swaps the rebuilt index in and waits until it is live. A restricted key cannot read a swap
   * task (its index uid is null), so we watch the swap's effect instead: an index's `createdAt`
   * travels with its content, and `live` takes over the rebuilt index's.
   */
  private async swap(live: string, built: string): Promise<void> {
    const client = await this.runtime.writeClient();
    const marker = (await client.getRawIndex(built)).createdAt;
    const { taskUid } = await client.swapIndexes([{ indexes: [live, built], rename: false }]);
    const deadline = Date.now() + this.runtime.taskTimeoutMs;
    while ((await client.getRawIndex(live)).createdAt !== marker) {
      if (Date.now() >= deadline)
        throw new SearchTaskTimeoutError(taskUid, this.runtime.taskTimeoutMs);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Rebuilds a crash left behind (`<live>_<timestamp>`), never the live index. */
  private async dropLeftovers(live: string): Promise<void> {
    const client = await this.runtime.writeClient();
    const { results } = await client.getRawIndexes({ limit: 1000 });
    for (const index of results) {
      if (isRebuildIndexOf(live, index.uid)) await succeeded(client, client.deleteIndex(index.uid));
    }
  }
}

/** 20261127020052123: sortable, and valid in an index uid. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 17);
}
