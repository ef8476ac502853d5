import { DataSource } from 'typeorm';
import { RegistryClock, WithholdingExpiryService } from '@insyn/registry';
import {
  describeSearchError,
  isSearchAuthError,
  isSearchUnavailableError,
} from '../meilisearch/meilisearch-errors';
import { PublicEntryDocument } from '../public-entry-document';
import { toPublicEntryDocument } from '../public-entry-document.mapper';
import { SearchRuntime } from '../search-runtime';
import { SearchTaskFailedError } from '../search-tasks';
import { OutboxListener } from './outbox-listener';
import { PublicEntryReader } from './public-entry.reader';
import { DocumentWrite, SearchDocumentWriter } from './search-document.writer';
import { ClaimedOutboxRow, SearchOutboxRepository } from './search-outbox.repository';
import { SearchVerifier, VerifyReport } from './search-verifier';
import { Wakeup } from './wakeup';

export interface SearchIndexerOptions {
  /** Outbox rows claimed per batch. */
  batchSize?: number;
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

/** Defaults; every one can be set per instance. */
export const SEARCH_INDEXER_DEFAULTS = {
  batchSize: 100,
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
    Omit<SearchIndexerOptions, 'listenUrl' | 'transformDocument' | 'clock'>
  > &
    Pick<SearchIndexerOptions, 'listenUrl' | 'transformDocument'>;
  private readonly clock: RegistryClock;
  private readonly withholdings: WithholdingExpiryService;
  private readonly outbox: SearchOutboxRepository;
  private readonly reader: PublicEntryReader;
  readonly verifier: SearchVerifier;
  private wakeup = new Wakeup();
  private listener?: OutboxListener;
  private loop?: Promise<void>;
  private stopping = false;
  private prepared = false;
  private nextVerifyAt = 0;
  /** Whether Meilisearch was unreachable on the last attempt. */
  searchAvailable = true;

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
    this.verifier = new SearchVerifier(dataSource, runtime);
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

  /** Claims and processes one batch. The loop calls it; tests and the CLI may too. */
  async processBatch(): Promise<IndexerBatchResult> {
    const result: IndexerBatchResult = {
      claimed: 0,
      written: 0,
      deleted: 0,
      retried: 0,
      deadLettered: 0,
    };
    const client = await this.runtime.writeClient();
    if (!this.prepared) {
      await this.runtime.prepare();
      this.prepared = true;
    }
    // On a new day, withholdings that ended queue their entries first (once a day, cheap otherwise).
    await this.withholdings.refreshIfNewDay();
    const rows = await this.outbox.claim(this.options.batchSize, this.options.leaseMs);
    result.claimed = rows.length;
    if (!rows.length) return result;

    const rowsByEntry = new Map<string, ClaimedOutboxRow[]>();
    for (const row of rows)
      rowsByEntry.set(row.entryId, [...(rowsByEntry.get(row.entryId) ?? []), row]);
    try {
      const sources = await this.reader.load([...rowsByEntry.keys()]);
      const now = this.clock.now();
      const upserts: DocumentWrite[] = [];
      const deletes: string[] = [];
      const failures = new Map<string, string>();
      for (const entryId of rowsByEntry.keys()) {
        const source = sources.get(entryId);
        if (!source) {
          deletes.push(entryId);
          continue;
        }
        try {
          const document = toPublicEntryDocument(source, now);
          const transform = this.options.transformDocument;
          upserts.push({ entryId, document: transform ? transform(document) : { ...document } });
        } catch (error) {
          failures.set(entryId, (error as Error).message);
        }
      }

      const writer = new SearchDocumentWriter(client, this.runtime.taskTimeoutMs);
      const outcome = await writer.apply(this.runtime.indexName, upserts, deletes);
      for (const [entryId, reason] of outcome.rejected) failures.set(entryId, reason);

      await this.outbox.markProcessed(
        outcome.done.flatMap((id) => rowsByEntry.get(id)!.map((r) => r.id)),
      );
      await this.outbox.resolveDeadLetters(outcome.done);
      const deleted = new Set(deletes);
      result.deleted = outcome.done.filter((id) => deleted.has(id)).length;
      result.written = outcome.done.length - result.deleted;

      for (const [entryId, reason] of failures) {
        const entryRows = rowsByEntry.get(entryId)!;
        const attempts = Math.max(...entryRows.map((r) => r.attempts)) + 1;
        if (attempts >= this.options.maxAttempts) {
          await this.outbox.deadLetter(entryRows, attempts, reason);
          result.deadLettered++;
          this.log.error({ entryId, attempts, reason }, 'search document dead-lettered');
        } else {
          await this.outbox.retryLater(
            entryRows.map((r) => r.id),
            reason,
            this.retryDelay(attempts),
          );
          result.retried++;
          this.log.warn({ entryId, attempts, reason }, 'search document refused; will retry');
        }
      }
      return result;
    } catch (error) {
      // Nothing was decided about these rows: give them back (no attempt counted).
      const delay = retryLater(error) ? 0 : this.options.retryBaseMs;
      await this.outbox
        .release(
          rows.map((r) => r.id),
          describeSearchError(error),
          delay,
        )
        .catch(() => undefined); // the lease expires anyway
      throw error;
    }
  }

  /** Processes batches until nothing is ready (or the deadline passes). */
  async drain(timeoutMs = 60_000): Promise<IndexerBatchResult> {
    const total: IndexerBatchResult = {
      claimed: 0,
      written: 0,
      deleted: 0,
      retried: 0,
      deadLettered: 0,
    };
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const result = await this.processBatch();
      for (const key of Object.keys(total) as (keyof IndexerBatchResult)[])
        total[key] += result[key];
      if (!result.claimed) break;
    }
    return total;
  }

  /** Runs verify now (repairing drift through the outbox). */
  verifyNow(): Promise<VerifyReport> {
    return this.verifier.verify({ repair: true, now: this.clock.now() });
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
        const result = await this.processBatch();
        if (result.claimed) this.log.debug({ ...result }, 'search batch');
        if (!this.searchAvailable) this.log.info({}, 'search is reachable again; indexing resumes');
        this.searchAvailable = true;
        unavailableDelay = 0;
        errorDelay = 0;
        if (result.claimed > 0) continue;
        await this.housekeeping();
        await this.wakeup.sleep(await this.idleDelay(), true);
      } catch (error) {
        if (this.stopping) break;
        if (retryLater(error)) {
          if (isSearchAuthError(error)) this.runtime.forgetKey();
          if (this.searchAvailable)
            this.log.warn(
              { reason: describeSearchError(error) },
              'search unavailable; indexing waits',
            );
          this.searchAvailable = false;
          unavailableDelay = unavailableDelay
            ? Math.min(unavailableDelay * 2, this.options.unavailableBackoffMaxMs)
            : 100;
          this.prepared = false;
          await this.wakeup.sleep(unavailableDelay, false);
        } else {
          errorDelay = Math.min(errorDelay ? errorDelay * 2 : 250, 30_000);
          this.log.error({ err: error }, 'search indexer error; retrying');
          await this.wakeup.sleep(errorDelay, false);
        }
      }
    }
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
      if (retryLater(error)) throw error;
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
function retryLater(error: unknown): boolean {
  return (
    isSearchUnavailableError(error) || (error instanceof SearchTaskFailedError && !error.rejected)
  );
}
