import { randomInt, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import {
  DatabaseNewerThanBuildError,
  isDatabaseUnavailable,
  LoopFailureLog,
  SchemaVersionWatch,
} from '@insyn/database';
import { RegistryClock, WithholdingExpiryService } from '@insyn/registry';
import {
  isFromSearchClient,
  describeSearchError,
  isSearchAuthError,
  isSearchUnavailableError,
} from '../meilisearch/meilisearch-errors';
import { PublicEntryDocument } from '../public-entry-document';
import { PublicEntrySource, toPublicEntryDocument } from '../public-entry-document.mapper';
import { hasExpectedSettings, indexCreatedAt } from '../search-index-admin';
import { SearchRuntime } from '../search-runtime';
import { SearchTaskFailedError } from '../search-tasks';
import { OutboxListener } from './outbox-listener';
import { PublicEntryReader } from './public-entry.reader';
import { DocumentWrite, EnqueuedWrites, SearchDocumentWriter } from './search-document.writer';
import { ClaimedOutboxRow, SearchOutboxRepository } from './search-outbox.repository';
import { SearchVerifier, VerifyReport } from './search-verifier';
import { Wakeup } from './wakeup';

export interface SearchIndexerOptions {
  /** Outbox rows claimed per batch without a backlog (the smallest batch). */
  batchSize?: number;
  /** The largest batch, when a backlog is split over the pipeline. */
  maxBatchSize?: number;
  /** Batches sent to Meilisearch before the oldest is waited for. */
  pipelineDepth?: number;
  /** How long a claim holds rows; longer than a task may take (see SearchRuntime.taskTimeoutMs). */
  leaseMs?: number;
  /** Polling when no notification arrives (the LISTEN connection is the fast path). */
  pollIntervalMs?: number;
  /** A document Meilisearch refuses this many times goes to search_dead_letter. */
  maxAttempts?: number;
  /** Back-off of a refused document: base · 2^(attempt−1), capped. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** While Meilisearch is unreachable: health probes from 100 ms, doubling up to this cap. */
  unavailableBackoffMaxMs?: number;
  /** Periodic verify (compare and repair); 0 turns it off. */
  verifyIntervalMs?: number;
  /** Processed outbox rows are deleted after this long. */
  purgeProcessedAfterMs?: number;
  /** Database URL for LISTEN on a dedicated connection; without it the indexer only polls. */
  listenUrl?: string;
  /**
   * Test hook: alters a document just before it is written (e.g. to make Meilisearch refuse it).
   * Production code never sets it.
   */
  transformDocument?: (document: PublicEntryDocument) => Record<string, unknown>;
  /** The registry's clock (the API's, in-process), so documents and expiries follow one "today". */
  clock?: RegistryClock;
  /**
   * Whether a newer release migrated the database (the API's, in-process, which its /health
   * reports too); by default one of the indexer's own.
   */
  schemaWatch?: SchemaVersionWatch;
}

export interface IndexerBatchResult {
  /** Outbox rows claimed. */
  claimed: number;
  /** Entries whose document was written. */
  written: number;
  /** Entries whose document was deleted (not public). */
  deleted: number;
  /** Entries whose rows wait for another attempt. */
  retried: number;
  /** Entries set aside in search_dead_letter. */
  deadLettered: number;
}

/**
 * Rounds of writing again the entries published anew while their documents were on the way; past
 * them, their documents are deleted and the newest outbox rows write them (see rewriteChanged).
 */
const REWRITE_ROUNDS = 3;

/** How often the indexer checks that the live index still exists (one cheap request). */
const INDEX_CHECK_MS = 5_000;

/** Defaults; every one can be set per instance. */
export const SEARCH_INDEXER_DEFAULTS = {
  batchSize: 100,
  maxBatchSize: 1_000,
  pipelineDepth: 4,
  leaseMs: 60_000,
  pollIntervalMs: 2_000,
  maxAttempts: 5,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
  unavailableBackoffMaxMs: 2_000,
  verifyIntervalMs: 10 * 60_000,
  purgeProcessedAfterMs: 7 * 24 * 3600_000,
} as const;

/**
 * Keeps the public index equal to PostgreSQL: claims outbox rows (FOR UPDATE SKIP LOCKED, with a
 * lease), reads each entry's current state, upserts or deletes its document, waits until
 * Meilisearch has applied it, then marks the rows done. Refused documents retry with back-off and
 * are dead-lettered after `maxAttempts`; an unreachable Meilisearch costs no attempts (the rows
 * wait until a health probe succeeds). Wakes on NOTIFY, polls as a fallback, verifies periodically.
 */
export class SearchIndexer {
  private readonly options: Required<
    Omit<SearchIndexerOptions, 'listenUrl' | 'transformDocument' | 'clock' | 'schemaWatch'>
  > &
    Pick<SearchIndexerOptions, 'listenUrl' | 'transformDocument'>;
  private readonly clock: RegistryClock;
  private readonly withholdings: WithholdingExpiryService;
  private readonly outbox: SearchOutboxRepository;
  private readonly reader: PublicEntryReader;
  private readonly schema: SchemaVersionWatch;
  readonly verifier: SearchVerifier;
  private wakeup = new Wakeup();
  private listener?: OutboxListener;
  private loop?: Promise<void>;
  private stopping = false;
  private prepared = false;
  /** When the live index was last seen as prepared (checked at most every INDEX_CHECK_MS). */
  private indexSeenAt = 0;
  /** The prepared live index's creation time: another means it was lost and made again. */
  private indexCreatedAt: string | null = null;
  private nextVerifyAt = 0;
  private readonly failures: LoopFailureLog;
  /** Whether Meilisearch was unreachable on the last attempt. */
  searchAvailable = true;
  /**
   * Set when a newer release migrated the database: the loop has stopped for good (documents
   * built by this build's rules would show what the newer one may withhold).
   */
  stoppedForNewerSchema = false;
  /** Whether the last attempt's refused key has been logged (once until another outcome). */
  private keyRefusalTold = false;
  /** This worker's name on the leases it holds (host, process, instance). */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** The key of the advisory lock its LISTEN connection holds while this worker lives. */
  private readonly lifeline = randomInt(1, 2 ** 31 - 1);

  constructor(
    dataSource: DataSource,
    private readonly runtime: SearchRuntime,
    options: SearchIndexerOptions = {},
  ) {
    this.options = { ...SEARCH_INDEXER_DEFAULTS, ...options };
    this.clock = options.clock ?? new RegistryClock();
    this.withholdings = new WithholdingExpiryService(dataSource, this.clock);
    this.outbox = new SearchOutboxRepository(dataSource);
    this.reader = new PublicEntryReader(dataSource);
    this.schema = options.schemaWatch ?? new SchemaVersionWatch(dataSource);
    this.verifier = new SearchVerifier(dataSource, runtime);
    this.failures = new LoopFailureLog(runtime.log, 'search indexer');
  }

  private get log() {
    return this.runtime.log;
  }

  /** Starts listening and the processing loop; returns at once (errors are retried, not thrown). */
  async start(): Promise<void> {
    if (this.loop) return;
    this.stopping = false;
    this.wakeup = new Wakeup();
    if (this.options.listenUrl) {
      this.listener = new OutboxListener(
        this.options.listenUrl,
        () => this.wakeup.notify(),
        this.log,
        this.lifeline,
      );
      await this.listener.start();
    }
    this.loop = this.run();
    this.log.info({ index: this.runtime.indexName }, 'search indexer started');
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.close();
    await this.loop;
    await this.listener?.stop();
    this.loop = undefined;
    this.log.info({}, 'search indexer stopped');
  }

  /** Whether the LISTEN connection is up. */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  /** Claims and processes one batch, waiting for it (tests and the CLI; the loop pipelines). */
  async processBatch(): Promise<IndexerBatchResult> {
    const batch = await this.startBatch(this.options.batchSize);
    return batch ? this.finishBatch(batch) : emptyResult();
  }

  /**
   * Processes batches until nothing is ready (or the deadline passes), several at a time: each
   * batch is claimed, read and sent to Meilisearch without waiting for the previous one's task;
   * the oldest is confirmed once `pipelineDepth` are in flight. Batches grow with the backlog.
   */
  async drain(timeoutMs = 60_000): Promise<IndexerBatchResult> {
    return this.pump(Date.now() + timeoutMs);
  }

  /** Runs verify now (repairing drift through the outbox). */
  verifyNow(): Promise<VerifyReport> {
    return this.verifier.verify({ repair: true, now: this.clock.now() });
  }

  /**
   * The pipeline: keeps up to `pipelineDepth` batches in flight (sent, not yet confirmed), and
   * confirms them oldest first. Entries never overlap between batches in flight (a claim skips
   * entries another lease holds), so their order in Meilisearch does not matter. Returns when
   * nothing more can be claimed and every batch is confirmed, or at `deadline`, or on stop; the
   * first error is thrown once every batch in flight has settled (each gives its rows back).
   */
  private async pump(deadline: number): Promise<IndexerBatchResult> {
    const total = emptyResult();
    const inFlight: Promise<IndexerBatchResult>[] = [];
    let failure: { error: unknown } | undefined;
    const settleOldest = async () => {
      try {
        addTo(total, await inFlight.shift()!);
      } catch (error) {
        failure ??= { error };
      }
    };
    let size = this.options.batchSize;
    let more = true;
    while (more && !failure && !this.stopping && Date.now() < deadline) {
      let batch: InFlightBatch | undefined;
      try {
        batch = await this.startBatch(size);
      } catch (error) {
        failure = { error };
        break;
      }
      if (!batch) break;
      total.claimed += batch.rows.length;
      inFlight.push(this.finishBatch(batch).then((r) => ({ ...r, claimed: 0 })));
      // A full batch means a backlog: size the next ones by it.
      more = batch.rows.length >= size;
      if (more) size = Math.max(size, await this.nextBatchSize());
      if (inFlight.length >= this.options.pipelineDepth) await settleOldest();
    }
    while (inFlight.length) await settleOldest();
    if (failure) throw failure.error;
    return total;
  }

  /** A backlog split over the pipeline, between `batchSize` and `maxBatchSize` rows a batch. */
  private async nextBatchSize(): Promise<number> {
    const { batchSize, maxBatchSize, pipelineDepth } = this.options;
    // More than the pipeline can take makes no difference to the size.
    const ready = await this.outbox.readyCount(maxBatchSize * pipelineDepth);
    return Math.max(batchSize, Math.min(maxBatchSize, Math.ceil(ready / pipelineDepth)));
  }

  /**
   * Claims up to `limit` rows, reads their entries' current public state and sends the
   * documents to Meilisearch; undefined when nothing was claimable. Rows whose lease this worker
   * lost before sending are left to their new holder.
   */
  private async startBatch(limit: number): Promise<InFlightBatch | undefined> {
    // Before anything is claimed or written: a newer schema is read by newer rules only.
    await this.schema.assertCurrent();
    const client = await this.runtime.writeClient();
    await this.keepIndex(client);
    // On a new day, withholdings that ended queue their entries first (once a day, cheap otherwise).
    await this.withholdings.refreshIfNewDay();
    // With its lifeline held, a lease of this worker ends with it, not a lease later.
    const claimed = await this.outbox.claim(
      limit,
      this.options.leaseMs,
      this.owner,
      this.listener?.lifeline ?? null,
    );
    if (!claimed.length) return undefined;
    try {
      const rowsByEntry = new Map<string, ClaimedOutboxRow[]>();
      for (const row of claimed)
        rowsByEntry.set(row.entryId, [...(rowsByEntry.get(row.entryId) ?? []), row]);
      const sources = await this.reader.load([...rowsByEntry.keys()]);
      const now = this.clock.now();
      const upserts: DocumentWrite[] = [];
      const deletes: string[] = [];
      const failures = new Map<string, string>();
      const readVersions = new Map<string, string | null>();
      // Still ours? (A worker paused past its lease must not overwrite a newer document.)
      const held = await this.outbox.renew(
        claimed.map((r) => r.id),
        this.options.leaseMs,
        this.owner,
      );
      for (const [entryId, entryRows] of rowsByEntry) {
        if (!entryRows.every((r) => held.has(r.id))) {
          rowsByEntry.delete(entryId);
          continue;
        }
        const built = this.documentOf(entryId, sources.get(entryId), now);
        if (built.failure) failures.set(entryId, built.failure);
        else if (built.write) upserts.push(built.write);
        else deletes.push(entryId);
        if (!built.failure) readVersions.set(entryId, built.version);
      }
      const writer = new SearchDocumentWriter(client, this.runtime.taskTimeoutMs);
      const writes = await writer.enqueue(this.runtime.indexName, upserts, deletes);
      return { rows: claimed, rowsByEntry, deletes, failures, readVersions, writer, writes };
    } catch (error) {
      await this.giveBack(claimed, error);
      throw error;
    }
  }

  /** An entry's document (none when it is not public), or why it could not be built. */
  private documentOf(
    entryId: string,
    source: PublicEntrySource | undefined,
    now: Date,
  ): { write?: DocumentWrite; version: string | null; failure?: string } {
    if (!source) return { version: null };
    try {
      const document = toPublicEntryDocument(source, now);
      const transform = this.options.transformDocument;
      return {
        write: { entryId, document: transform ? transform(document) : { ...document } },
        version: source.version.id,
      };
    } catch (error) {
      return { version: source.version.id, failure: (error as Error).message };
    }
  }

  /** Waits until Meilisearch applied a batch, then marks, retries or dead-letters its rows. */
  private async finishBatch(batch: InFlightBatch): Promise<IndexerBatchResult> {
    const { rowsByEntry, failures } = batch;
    const result = emptyResult();
    result.claimed = batch.rows.length;
    try {
      const outcome = await batch.writer.confirm(batch.writes);
      for (const [entryId, reason] of outcome.rejected) failures.set(entryId, reason);
      await this.rewriteChanged(batch, outcome.done);
      outcome.done = outcome.done.filter((id) => !failures.has(id));

      await this.outbox.markProcessed(
        outcome.done.flatMap((id) => rowsByEntry.get(id)!.map((r) => r.id)),
        this.owner,
      );
      await this.outbox.resolveDeadLetters(outcome.done);
      const deleted = new Set(batch.deletes);
      result.deleted = outcome.done.filter((id) => deleted.has(id)).length;
      result.written = outcome.done.length - result.deleted;

      for (const [entryId, reason] of failures) {
        const entryRows = rowsByEntry.get(entryId)!;
        const attempts = Math.max(...entryRows.map((r) => r.attempts)) + 1;
        if (attempts >= this.options.maxAttempts) {
          await this.outbox.deadLetter(entryRows, attempts, reason, this.owner);
          result.deadLettered++;
          this.log.error({ entryId, attempts, reason }, 'search document dead-lettered');
        } else {
          await this.outbox.retryLater(
            entryRows.map((r) => r.id),
            reason,
            this.retryDelay(attempts),
            this.owner,
          );
          result.retried++;
          this.log.warn({ entryId, attempts, reason }, 'search document refused; will retry');
        }
      }
      return result;
    } catch (error) {
      await this.giveBack(batch.rows, error);
      throw error;
    }
  }

  /**
   * Writes again the documents of entries published anew since the batch read them. A batch
   * read before a publication committed may reach Meilisearch after the publication's removal
   * (EntryWorkflowService.publish removes a narrowed entry's document before it commits and
   * after): its document would show again what the new version withholds, and, should this
   * worker die now, until its lease ran out (the newer outbox row waits for it). Once Meilisearch
   * has applied the batch, a fresh read of the published versions is after any such commit, so it
   * tells every entry to write again; this worker still holds their rows, so no other writes them
   * meanwhile. After REWRITE_ROUNDS an entry still changing has its document deleted (missing
   * for a moment, never showing what is withheld), and the newer outbox row writes it.
   */
  private async rewriteChanged(batch: InFlightBatch, done: string[]): Promise<void> {
    let read = new Map(
      done.filter((id) => batch.readVersions.has(id)).map((id) => [id, batch.readVersions.get(id)]),
    );
    for (let round = 1; read.size; round++) {
      const current = await this.reader.publishedVersionIds([...read.keys()]);
      const changed = [...read.keys()].filter((id) => current.get(id) !== read.get(id));
      if (!changed.length) return;
      const held = await this.outbox.renew(
        changed.flatMap((id) => batch.rowsByEntry.get(id)!.map((r) => r.id)),
        this.options.leaseMs,
        this.owner,
      );
      const ours = changed.filter((id) => batch.rowsByEntry.get(id)!.every((r) => held.has(r.id)));
      const lost = changed.filter((id) => !ours.includes(id));
      const giveUp = round > REWRITE_ROUNDS ? ours : [];
      this.log.info(
        { entries: changed.length, round },
        'entries published anew while their documents were written; writing them again',
      );
      const upserts: DocumentWrite[] = [];
      const deletes = [...lost, ...giveUp];
      read = new Map();
      const toBuild = ours.filter((id) => !giveUp.includes(id));
      const sources = await this.reader.load(toBuild);
      const now = this.clock.now();
      for (const entryId of toBuild) {
        const built = this.documentOf(entryId, sources.get(entryId), now);
        if (built.failure) {
          // Its rows retry; meanwhile no document rather than the one read before.
          batch.failures.set(entryId, built.failure);
          deletes.push(entryId);
          continue;
        }
        if (built.write) upserts.push(built.write);
        else deletes.push(entryId);
        read.set(entryId, built.version);
      }
      const outcome = await batch.writer.apply(this.runtime.indexName, upserts, deletes);
      for (const [entryId, reason] of outcome.rejected) {
        batch.failures.set(entryId, reason);
        read.delete(entryId);
      }
      // A new document refused: its rows retry, meanwhile no document rather than the one read
      // before (which may show what the new version withholds).
      if (outcome.rejected.size)
        await batch.writer.apply(this.runtime.indexName, [], [...outcome.rejected.keys()]);
      // Deleted rather than written: the newest outbox row (theirs, or this one) writes them.
      if (lost.length || giveUp.length)
        await this.outbox.enqueue([...lost, ...giveUp], 'search: published anew while written');
    }
  }

  /** Nothing was decided about these rows: give them back (no attempt counted). */
  private async giveBack(rows: ClaimedOutboxRow[], error: unknown): Promise<void> {
    // Neither search nor the database being away is the rows' fault: no back-off for them.
    const delay =
      waitsForSearch(error) || isDatabaseUnavailable(error) ? 0 : this.options.retryBaseMs;
    await this.outbox
      .release(
        rows.map((r) => r.id),
        describeSearchError(error),
        delay,
        this.owner,
      )
      .catch(() => undefined); // the lease expires anyway
  }

  private retryDelay(attempts: number): number {
    const { retryBaseMs, retryMaxMs } = this.options;
    return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempts - 1));
  }

  private async run(): Promise<void> {
    let unavailableDelay = 0;
    let errorDelay = 0;
    while (!this.stopping) {
      try {
        if (unavailableDelay > 0 && !(await this.runtime.isHealthy())) {
          await this.wakeup.sleep(unavailableDelay, false);
          unavailableDelay = Math.min(unavailableDelay * 2, this.options.unavailableBackoffMaxMs);
          continue;
        }
        const result = await this.pump(Number.POSITIVE_INFINITY);
        if (result.claimed) this.log.debug({ ...result }, 'search batches');
        if (!this.searchAvailable) this.log.info({}, 'search is reachable again; indexing resumes');
        this.searchAvailable = true;
        this.keyRefusalTold = false;
        this.failures.succeeded();
        unavailableDelay = 0;
        errorDelay = 0;
        if (result.claimed > 0) continue;
        await this.housekeeping();
        await this.wakeup.sleep(await this.idleDelay(), true);
      } catch (error) {
        if (this.stopping) break;
        if (error instanceof DatabaseNewerThanBuildError) {
          // No retry heals it: the operator must stop this process (README "Upgrading").
          this.stoppedForNewerSchema = true;
          this.log.error(
            { migrations: error.migrations },
            'the database was migrated by a newer release of Insyn while this process ran: it stops indexing (its rules are older than the schema); stop this process and run the new release',
          );
          break;
        }
        if (waitsForSearch(error)) {
          const keyRefused = isSearchAuthError(error);
          if (keyRefused) this.runtime.forgetKey();
          // A refused master key never heals by itself: the operator's to fix, at error, once per
          // refusal. Meilisearch away (restarting, a network blip) is an outage it rides out.
          if (keyRefused && !this.keyRefusalTold)
            this.log.error(
              { reason: describeSearchError(error) },
              'Meilisearch refuses MEILI_MASTER_KEY: indexing waits until the key is right',
            );
          else if (!keyRefused && this.searchAvailable)
            this.log.warn(
              { reason: describeSearchError(error) },
              'search unavailable; indexing waits',
            );
          this.keyRefusalTold = keyRefused;
          this.searchAvailable = false;
          unavailableDelay = unavailableDelay
            ? Math.min(unavailableDelay * 2, this.options.unavailableBackoffMaxMs)
            : 100;
          this.prepared = false;
          await this.wakeup.sleep(unavailableDelay, false);
        } else {
          errorDelay = Math.min(errorDelay ? errorDelay * 2 : 250, 30_000);
          this.failures.failed(error);
          await this.wakeup.sleep(errorDelay, false);
        }
      }
    }
  }

  /**
   * Prepares the live index (created with its settings) before the first batch, and again when
   * it has gone: a Meilisearch that lost its data (restarted on an emptied folder, a volume
   * replaced) creates it bare on the next write (this worker's or another's), without the
   * settings searches need, and it would stay empty until the next verify. So every
   * INDEX_CHECK_MS the index's creation time is compared with the prepared one's: gone or made
   * anew, it is prepared again at once and verify runs next, refilling it from the database.
   */
  private async keepIndex(client: Awaited<ReturnType<SearchRuntime['writeClient']>>) {
    if (this.prepared && Date.now() - this.indexSeenAt < INDEX_CHECK_MS) return;
    const uid = this.runtime.indexName;
    const createdAt = this.prepared ? await indexCreatedAt(client, uid) : null;
    if (this.prepared && createdAt !== this.indexCreatedAt) {
      // A rebuild (reindex) swaps in an index made with its settings: no news. One missing, or
      // made bare by a write, is.
      if (createdAt !== null && (await hasExpectedSettings(client, uid)))
        this.log.info({ index: uid }, 'search index rebuilt; verify runs next');
      else
        this.log.warn(
          { index: uid },
          'search index gone (Meilisearch lost its data?): made again, refilling it from the database',
        );
      this.prepared = false;
      this.nextVerifyAt = 0;
    }
    if (!this.prepared) {
      await this.runtime.prepare();
      this.indexCreatedAt = await indexCreatedAt(client, uid);
      this.prepared = true;
    }
    this.indexSeenAt = Date.now();
  }

  /** Verify (after the first drain, then every verifyIntervalMs) and outbox clean-up. */
  private async housekeeping(): Promise<void> {
    const interval = this.options.verifyIntervalMs;
    if (!interval || Date.now() < this.nextVerifyAt) return;
    try {
      const report = await this.verifyNow();
      const drift = report.missing.length + report.stale.length + report.strays.length;
      const details = {
        expected: report.expected,
        indexed: report.indexed,
        missing: report.missing.length,
        stale: report.stale.length,
        strays: report.strays.length,
        deadLettered: report.deadLettered.length,
        settingsRepaired: report.settingsRepaired,
      };
      if (drift || report.settingsRepaired)
        this.log.warn(details, 'search verify found drift; repairing');
      else this.log.info(details, 'search verify: index equals the database');
      await this.outbox.purgeProcessed(this.options.purgeProcessedAfterMs);
      this.nextVerifyAt = Date.now() + interval;
    } catch (error) {
      this.log.warn({ reason: describeSearchError(error) }, 'search verify failed; will retry');
      this.nextVerifyAt = Date.now() + Math.min(interval, 60_000);
      // An outage is the loop's to handle and tell (search waits; the database, once).
      if (waitsForSearch(error) || isDatabaseUnavailable(error)) throw error;
    }
  }

  /**
   * Until the next row in back-off becomes claimable, at least 100 ms (a ready row we could not
   * claim belongs to an entry another worker holds) and at most the poll interval.
   */
  private async idleDelay(): Promise<number> {
    const next = await this.outbox.nextAvailableAt();
    const poll = this.options.pollIntervalMs;
    if (!next) return poll;
    return Math.max(Math.min(100, poll), Math.min(poll, next.getTime() - Date.now() + 5));
  }
}

/** Errors after which the same work should simply be tried again later. */
/** Whether a failed round waits for search to come back (not the database, not a fault). */
export function waitsForSearch(error: unknown): boolean {
  // PostgreSQL out of reach (its driver's ECONNREFUSED looks like a transport's) is the
  // database's outage, logged as such (LoopFailureLog), not search's.
  if (!isFromSearchClient(error) && isDatabaseUnavailable(error)) return false;
  return (
    isSearchUnavailableError(error) || (error instanceof SearchTaskFailedError && !error.rejected)
  );
}

/** A batch sent to Meilisearch and not yet confirmed. */
interface InFlightBatch {
  rows: ClaimedOutboxRow[];
  /** The rows by entry, without entries whose lease was lost before sending. */
  rowsByEntry: Map<string, ClaimedOutboxRow[]>;
  deletes: string[];
  /** Entries whose document could not be built. */
  failures: Map<string, string>;
  /** The published version each entry's document was built from (null: deleted, not public). */
  readVersions: Map<string, string | null>;
  writer: SearchDocumentWriter;
  writes: EnqueuedWrites;
}

function emptyResult(): IndexerBatchResult {
  return { claimed: 0, written: 0, deleted: 0, retried: 0, deadLettered: 0 };
}

function addTo(total: IndexerBatchResult, result: IndexerBatchResult): void {
  for (const key of Object.keys(total) as (keyof IndexerBatchResult)[]) total[key] += result[key];
}
