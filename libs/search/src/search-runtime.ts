import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createMeilisearchClient, loopbackHost } from './meilisearch/meilisearch-client.factory';
import type { Meilisearch } from './meilisearch/meilisearch-sdk';
import { createNodeHttpTransport, NodeHttpTransport } from './meilisearch/node-http-transport';
import { ensureAppKey } from './search-api-key';
import { SearchConnection } from './search-connection';
import { ensureIndex } from './search-index-admin';
import { liveIndexName } from './search-index-settings';
import { SearchLog, silentSearchLog } from './search-log';
import { describeSearchError, isSearchConnectionError } from './meilisearch/meilisearch-errors';

/** Words in each script whose segmenter Meilisearch loads lazily, one search each (see warmUp). */
const WARM_UP_QUERIES = ['中文分词', 'ひらがなとカタカナの日本語', '한국어 문서'];

/**
 * The pauses before each new warm-up after a connection reset or refusal: a Meilisearch just
 * started on a busy machine sometimes closed a connection under the first searches, and a clean
 * start logged a warning (probe X6).
 */
export const WARM_UP_RETRY_PAUSES_MS = [300, 1_000];

export interface SearchRuntimeOptions {
  log?: SearchLog;
  /** Per search request: past it the API answers SEARCH_UNAVAILABLE. */
  searchTimeoutMs?: number;
  /** Per indexing or administration request. */
  requestTimeoutMs?: number;
  /** How long the indexer waits for a Meilisearch task before retrying later. */
  taskTimeoutMs?: number;
}

/**
 * This process's way into Meilisearch: one pooled keep-alive transport, the app key (found or
 * created with the master key on first use; the master key does nothing else), and clients on
 * that key — a search client with a short timeout, a write client for the indexer.
 */
export class SearchRuntime {
  /** The live public index, `<prefix>_entries`. */
  readonly indexName: string;
  readonly log: SearchLog;
  readonly taskTimeoutMs: number;
  readonly searchTimeoutMs: number;
  private readonly transport: NodeHttpTransport;
  private readonly host: string;
  private appKey?: Promise<string>;
  private clients?: { search: Meilisearch; write: Meilisearch };
  /** The warm-up under way, if one is. */
  private warming?: Promise<void>;
  /** The preparation last begun (prepare), for whenPrepared. */
  private preparing?: Promise<void>;
  /** Searches that failed; a warm-up begun after the last of them leaves nothing to redo. */
  private failedSearches = 0;
  private failedSearchesWarmed = 0;

  constructor(
    readonly connection: SearchConnection,
    private readonly options: SearchRuntimeOptions = {},
  ) {
    this.indexName = liveIndexName(connection.indexPrefix);
    this.log = options.log ?? silentSearchLog;
    this.taskTimeoutMs = options.taskTimeoutMs ?? 30_000;
    this.searchTimeoutMs = options.searchTimeoutMs ?? 2000;
    this.host = loopbackHost(connection.host);
    this.transport = createNodeHttpTransport();
  }

  /** A client on the app key with the short search timeout. */
  async searchClient(): Promise<Meilisearch> {
    return (await this.appClients()).search;
  }

  /** A client on the app key for indexing and index administration. */
  async writeClient(): Promise<Meilisearch> {
    return (await this.appClients()).write;
  }

  /**
   * Creates the live index if it is missing and applies the settings in code; waits for both.
   * Then loads Meilisearch's word lists in the background (warmUp).
   */
  prepare(): Promise<void> {
    const preparing = (async () => {
      await ensureIndex(await this.writeClient(), this.indexName);
      this.warmUpInBackground('warn');
    })();
    this.preparing = preparing;
    return preparing;
  }

  /**
   * Resolves once the preparation last begun (the API's, in the background at start) has ended,
   * whether or not it made the index: for a caller that must not search before it, as tests.
   */
  async whenPrepared(): Promise<void> {
    await this.preparing?.catch(() => undefined);
  }

  /**
   * A search failed (Meilisearch away, slow, or restarted): a Meilisearch that started again has
   * lost the word lists warmUp loaded. Warms up again now, and after the next search that
   * succeeds (Meilisearch back), so that a reader's first Japanese search after a restart does
   * not meet the cold load. One warm-up at a time; failures while it is away are logged at info.
   */
  searchFailed(): void {
    this.failedSearches++;
    this.warmUpInBackground('info');
  }

  /** A search succeeded: warms up again if one failed since the last warm-up that succeeded. */
  searchSucceeded(): void {
    if (this.failedSearchesWarmed < this.failedSearches) this.warmUpInBackground('info');
  }

  /** Resolves when no warm-up is under way (tests, and a caller that wants to wait). */
  async whenWarmedUp(): Promise<void> {
    while (this.warming) await this.warming;
  }

  private warmUpInBackground(failureLevel: 'warn' | 'info'): void {
    if (this.warming) return;
    const failed = this.failedSearches;
    this.warming = this.warmUpRetryingConnections()
      .then(
        () => {
          this.failedSearchesWarmed = Math.max(this.failedSearchesWarmed, failed);
        },
        (error: unknown) =>
          this.log[failureLevel]({ reason: describeSearchError(error) }, 'search warm-up failed'),
      )
      .finally(() => {
        this.warming = undefined;
      });
  }

  /** warmUp, again after each pause of WARM_UP_RETRY_PAUSES_MS while the connection fails. */
  private async warmUpRetryingConnections(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.warmUp();
      } catch (error) {
        const pause = WARM_UP_RETRY_PAUSES_MS[attempt];
        if (pause === undefined || !isSearchConnectionError(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /**
   * Meilisearch loads its Chinese, Japanese and Korean word lists on the first text of those
   * scripts it meets, 0.5 to 1.5 s each (measured here): a reader's first such search after it
   * started would pass the search deadline and get SEARCH_UNAVAILABLE. A search in each script,
   * with the indexing timeout, loads them; when they are loaded they take milliseconds.
   */
  async warmUp(): Promise<void> {
    const index = (await this.writeClient()).index(this.indexName);
    // One at a time: Meilisearch tells a script by the text, and each list loads once.
    for (const query of WARM_UP_QUERIES) await index.search(query, { limit: 0 });
  }

  /** Meilisearch's own /health (no key needed), with a short timeout. */
  isHealthy(timeoutMs = 1000): Promise<boolean> {
    return new Promise((resolve) => {
      const url = `${this.host}/health`;
      const send = url.startsWith('https:') ? httpsRequest : httpRequest;
      const req = send(url, { timeout: timeoutMs }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
  }

  /** Finds or creates the app key again on next use (Meilisearch no longer accepted it). */
  forgetKey(): void {
    this.appKey = undefined;
    this.clients = undefined;
  }

  /** Closes pooled connections. */
  close(): void {
    this.transport.destroy();
  }

  private async appClients(): Promise<{ search: Meilisearch; write: Meilisearch }> {
    if (this.clients) return this.clients;
    this.appKey ??= this.createAppKey();
    let apiKey: string;
    try {
      apiKey = await this.appKey;
    } catch (error) {
      this.appKey = undefined; // try again on the next call
      throw error;
    }
    const common = { host: this.host, apiKey, transport: this.transport };
    this.clients = {
      search: createMeilisearchClient({
        ...common,
        timeoutMs: this.searchTimeoutMs,
        taskTimeoutMs: this.taskTimeoutMs,
      }),
      write: createMeilisearchClient({
        ...common,
        timeoutMs: this.options.requestTimeoutMs ?? 10_000,
        taskTimeoutMs: this.taskTimeoutMs,
      }),
    };
    return this.clients;
  }

  private async createAppKey(): Promise<string> {
    const admin = createMeilisearchClient({
      host: this.host,
      apiKey: this.connection.masterKey,
      timeoutMs: this.searchTimeoutMs,
      transport: this.transport,
    });
    const key = await ensureAppKey(admin, this.connection.indexPrefix);
    this.log.debug({ indexPrefix: this.connection.indexPrefix }, 'search app key ready');
    return key;
  }
}
