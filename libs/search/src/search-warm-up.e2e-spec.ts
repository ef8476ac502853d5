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
import { SearchRuntime } from './search-runtime';

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
