import { createServer } from 'node:net';
import { MeilisearchApiError, MeilisearchRequestError } from './meilisearch/meilisearch-sdk';
import { SearchConnection } from './search-connection';
import { SearchLog, silentSearchLog } from './search-log';
import { SearchRuntime, WARM_UP_RETRY_PAUSES_MS } from './search-runtime';

/** A loopback port where nothing listens (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SearchRuntime.whenPrepared', () => {
  it('resolves at once before any preparation, and once a failed preparation has ended', async () => {
    const runtime = new SearchRuntime(
      new SearchConnection(`http://127.0.0.1:${await closedPort()}`, 'key', 'when-prepared'),
      { log: silentSearchLog, requestTimeoutMs: 2_000 },
    );
    try {
      await expect(runtime.whenPrepared()).resolves.toBeUndefined();
      const preparing = runtime.prepare();
      const waited = runtime.whenPrepared();
      // Meilisearch is away: the preparation fails, and the wait ends with it, without failing.
      await expect(preparing).rejects.toThrow();
      await expect(waited).resolves.toBeUndefined();
    } finally {
      runtime.close();
    }
  });
});

describe('SearchRuntime warm-up', () => {
  /** What the client throws when Meilisearch closed the connection under a search. */
  const reset = () =>
    new MeilisearchRequestError(
      'http://127.0.0.1:7700/indexes/insyn_entries/search',
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    );
  const lines: { level: string; message?: string }[] = [];
  const log: SearchLog = {
    debug: () => undefined,
    info: (_details, message) => lines.push({ level: 'info', message }),
    warn: (_details, message) => lines.push({ level: 'warn', message }),
    error: (_details, message) => lines.push({ level: 'error', message }),
  };
  let runtime: SearchRuntime;
  beforeEach(() => {
    lines.length = 0;
    runtime = new SearchRuntime(new SearchConnection('http://127.0.0.1:7700', 'key', 'warm'), {
      log,
    });
  });
  afterEach(() => runtime.close());

  it('tries again after a connection reset, and logs nothing when a try succeeds', async () => {
    const warmUp = jest
      .spyOn(runtime, 'warmUp')
      .mockRejectedValueOnce(reset())
      .mockRejectedValueOnce(reset())
      .mockResolvedValueOnce(undefined);
    runtime.searchFailed();
    await runtime.whenWarmedUp();
    expect(warmUp).toHaveBeenCalledTimes(3);
    expect(lines).toEqual([]);
  });

  it('logs one line when every try met a reset, and at once for what is no connection error', async () => {
    const warmUp = jest.spyOn(runtime, 'warmUp').mockRejectedValue(reset());
    runtime.searchFailed();
    await runtime.whenWarmedUp();
    expect(warmUp).toHaveBeenCalledTimes(WARM_UP_RETRY_PAUSES_MS.length + 1);
    expect(lines).toEqual([{ level: 'info', message: 'search warm-up failed' }]);

    lines.length = 0;
    warmUp.mockReset().mockRejectedValue(
      new MeilisearchApiError(new Response(null, { status: 403 }), {
        message: 'The provided API key is invalid.',
        code: 'invalid_api_key',
        type: 'auth',
        link: '',
      }),
    );
    runtime.searchFailed();
    await runtime.whenWarmedUp();
    expect(warmUp).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([{ level: 'info', message: 'search warm-up failed' }]);
  });
});
