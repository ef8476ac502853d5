import { createServer } from 'node:net';
import { SearchConnection } from './search-connection';
import { silentSearchLog } from './search-log';
import { SearchRuntime } from './search-runtime';

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
