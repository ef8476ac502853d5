import { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { MeilisearchApiError } from './meilisearch-sdk';

/** The shape the official client accepts as `httpClient`: fetch's arguments, the parsed body back. */
export type MeilisearchHttpClient = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<unknown>;

export interface NodeHttpTransport {
  /** Pass as the client's `httpClient` option. */
  readonly request: MeilisearchHttpClient;
  /** Closes the pooled connections (at shutdown). */
  destroy(): void;
}

export interface NodeHttpTransportOptions {
  /** Connections kept per host; searches and indexing share them. */
  maxSockets?: number;
  /**
   * Idle connections are closed after this long, before the server's own keep-alive timeout
   * (Meilisearch's is 5 s) can close one under a request that is just being sent.
   */
  idleTimeoutMs?: number;
}

/**
 * A Meilisearch transport on `node:http` instead of the client's default `fetch`: pooled
 * keep-alive connections, Nagle's algorithm off (`noDelay`), one write per request. Measured on
 * a loopback Meilisearch, a search takes about 1.2 ms this way against 4–5 ms through `fetch`
 * (and tens of milliseconds where `localhost` resolves to IPv6 first; see createMeilisearchClient).
 *
 * As the client expects of a custom `httpClient`, this one parses the JSON body and throws
 * `MeilisearchApiError` for HTTP errors; an abort rejects with the signal's reason, so the
 * client's own `timeout` still turns into `MeilisearchRequestTimeOutError`.
 */
export function createNodeHttpTransport(options: NodeHttpTransportOptions = {}): NodeHttpTransport {
  const agentOptions = {
    keepAlive: true,
    keepAliveMsecs: 1000,
    maxSockets: options.maxSockets ?? 32,
    maxFreeSockets: options.maxSockets ?? 32,
    timeout: options.idleTimeoutMs ?? 4000,
    scheduling: 'lifo' as const,
    noDelay: true,
  };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);

  const send = (url: URL, init: RequestInit, retried: boolean): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body =
        init.body === undefined || init.body === null
          ? undefined
          : Buffer.from(typeof init.body === 'string' ? init.body : String(init.body));
      if (body) headers['content-length'] = String(body.byteLength);
      const secure = url.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: init.method ?? 'GET',
          headers,
          agent: secure ? httpsAgent : httpAgent,
        },
        (res) => {
          collect(res).then((text) => {
            signal?.removeEventListener('abort', onAbort);
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              parsed = { message: text.slice(0, 200) };
            }
            const status = res.statusCode ?? 500;
            if (status >= 400) {
              reject(
                new MeilisearchApiError(
                  new Response(null, { status, statusText: res.statusMessage ?? '' }),
                  parsed as ConstructorParameters<typeof MeilisearchApiError>[1],
                ),
              );
            } else resolve(parsed);
          }, reject);
        },
      );
      const onAbort = () => {
        req.destroy();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.setNoDelay(true);
      req.on('error', (error: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) return;
        // A pooled connection the server closed just as we reused it: send once more on a new one.
        if (!retried && req.reusedSocket && error.code === 'ECONNRESET') {
          send(url, init, true).then(resolve, reject);
          return;
        }
        reject(error);
      });
      req.end(body);
    });

  return {
    request: (input, init = {}) =>
      send(new URL(input instanceof Request ? input.url : String(input)), init, false),
    destroy: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function collect(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('response aborted')));
  });
}
