import { Meilisearch } from './meilisearch-sdk';
import { NodeHttpTransport } from './node-http-transport';

export interface MeilisearchClientOptions {
  host: string;
  apiKey: string;
  /** Per HTTP request; a search gives up after this and the API answers SEARCH_UNAVAILABLE. */
  timeoutMs: number;
  /** The pooled node:http transport; without it the client falls back to its default fetch. */
  transport?: NodeHttpTransport;
  /** Poll interval while waiting for a Meilisearch task. */
  taskPollMs?: number;
  /** How long to wait for a task by default. */
  taskTimeoutMs?: number;
}

/**
 * The one way Insyn builds a Meilisearch client: the official client over the pooled node:http
 * transport, with `localhost` pinned to 127.0.0.1 (Node may try ::1 first, and a server listening
 * on 127.0.0.1 only then costs a failed connection per new socket).
 */
export function createMeilisearchClient(options: MeilisearchClientOptions): Meilisearch {
  return new Meilisearch({
    host: loopbackHost(options.host),
    apiKey: options.apiKey,
    timeout: options.timeoutMs,
    httpClient: options.transport?.request,
    defaultWaitOptions: {
      interval: options.taskPollMs ?? 25,
      timeout: options.taskTimeoutMs ?? 30_000,
    },
  });
}

/** `http://localhost:7700` → `http://127.0.0.1:7700`; any other host unchanged. */
export function loopbackHost(host: string): string {
  const url = new URL(host);
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  return url.toString().replace(/\/$/, '');
}
