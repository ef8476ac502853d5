import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  EmbeddedMeilisearch,
  findFreePort,
  silentLog,
  temporaryDataDir,
} from '@insyn/embedded-services';
import { testIndexPrefix } from '@insyn/testing';
import { PublicSearchService } from './public-search/public-search.service';
import { SearchConnection } from './search-connection';
import { SearchRuntime, WARM_UP_RETRY_PAUSES_MS } from './search-runtime';

/**
 * A Meilisearch just started loads its Chinese, Japanese and Korean word lists on the first
 * text of those scripts (over a second here): prepared, the registry has loaded them before a
 * reader's first such search, which then answers within a deadline a cold one misses. A
 * Meilisearch of this file's own: the shared one was warmed by other files long ago.
 */
describe('search warm-up of a Meilisearch just started (real server)', () => {
  let dataDir: string;
  let meili: EmbeddedMeilisearch;
  let runtime: SearchRuntime;

  beforeAll(async () => {
    dataDir = temporaryDataDir('insyn-meili-warm-up-');
    const masterKey = randomBytes(24).toString('base64url');
    meili = new EmbeddedMeilisearch({
      dataDir: join(dataDir, 'meilisearch'),
      masterKey,
      persistent: false,
      port: await findFreePort(),
      log: silentLog,
    });
    await meili.start();
    // A deadline far above a warm search (milliseconds, even on a busy machine) and below what
    // a cold one spends loading a word list (1.2 to 1.5 s here).
    runtime = new SearchRuntime(
      new SearchConnection(meili.host, masterKey, testIndexPrefix('warm-up')),
      { searchTimeoutMs: 1000 },
    );
  }, 120_000);

  afterAll(async () => {
    runtime?.close();
    await meili?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a first search in Chinese, Japanese or Korean once prepared', async () => {
    await runtime.prepare();
    // prepare() starts it; waiting for it here stands for the time before a reader comes.
    await runtime.warmUp();
    const search = new PublicSearchService(runtime);
    for (const query of ['日本語の文書', '中文文档', '한국어 문서']) {
      const result = await search.search({ query, limit: 5, offset: 0 });
      expect({ query, hits: result.hits }).toEqual({ query, hits: [] });
    }
  });
});

/**
 * A Meilisearch restarted behind a running registry (a crash, an operator's restart) has lost
 * the word lists: the first search that fails while it is away, and the first that succeeds
 * after, warm it up again.
 */
describe('search warm-up after Meilisearch restarted (real server)', () => {
  let dataDir: string;
  let meili: EmbeddedMeilisearch;
  let runtime: SearchRuntime;
  let search: PublicSearchService;

  beforeAll(async () => {
    dataDir = temporaryDataDir('insyn-meili-rewarm-');
    const masterKey = randomBytes(24).toString('base64url');
    // Persistent and on a fixed port: the same server comes back with its index and key.
    meili = new EmbeddedMeilisearch({
      dataDir: join(dataDir, 'meilisearch'),
      masterKey,
      persistent: true,
      port: await findFreePort(),
      log: silentLog,
    });
    await meili.start();
    runtime = new SearchRuntime(
      new SearchConnection(meili.host, masterKey, testIndexPrefix('rewarm')),
      { searchTimeoutMs: 1000 },
    );
    search = new PublicSearchService(runtime);
    await runtime.prepare();
    await runtime.whenWarmedUp();
  }, 120_000);

  afterAll(async () => {
    runtime?.close();
    await meili?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('warms up again after the restart, before a first search in Chinese, Japanese or Korean', async () => {
    // How long a cold word list takes varies (0.2 to 1.5 s on this machine), so the warm-ups
    // themselves are what this counts, and how they ended.
    const warmUps: Promise<unknown>[] = [];
    const warmUp = runtime.warmUp.bind(runtime);
    jest.spyOn(runtime, 'warmUp').mockImplementation(() => {
      const done = warmUp();
      warmUps.push(
        done.then(
          () => 'loaded',
          () => 'failed',
        ),
      );
      return done;
    });
    await meili.stop();
    await expect(search.search({ query: 'trafik', limit: 5, offset: 0 })).rejects.toMatchObject({
      code: 'SEARCH_UNAVAILABLE',
    });
    await runtime.whenWarmedUp();
    // The warm-up that failure began fails too, each of its tries (the connection is refused,
    // which it tries again after each pause): Meilisearch is still away.
    const failedRound = [...WARM_UP_RETRY_PAUSES_MS, 0].map(() => 'failed');
    expect(await Promise.all(warmUps)).toEqual(failedRound);
    await meili.start();
    // Back: the first search that succeeds begins the warm-up again, and it loads the lists.
    expect((await search.search({ query: 'trafik', limit: 5, offset: 0 })).hits).toEqual([]);
    await runtime.whenWarmedUp();
    expect(await Promise.all(warmUps)).toEqual([...failedRound, 'loaded']);
    // Once loaded, no further search warms up again.
    await search.search({ query: 'trafik', limit: 5, offset: 0 });
    await runtime.whenWarmedUp();
    expect(warmUps).toHaveLength(failedRound.length + 1);
    for (const query of ['日本語の文書', '中文文档', '한국어 문서']) {
      const result = await search.search({ query, limit: 5, offset: 0 });
      expect({ query, hits: result.hits }).toEqual({ query, hits: [] });
    }
  });
});
