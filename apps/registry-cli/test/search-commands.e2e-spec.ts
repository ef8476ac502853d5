import pino from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig } from '@insyn/config';
import { findFreePort } from '@insyn/embedded-services';
import { INSYN_ENTITIES } from '@insyn/registry';
import {
  liveIndexName,
  SearchConnection,
  SearchIndexer,
  SearchRuntime,
  silentSearchLog,
} from '@insyn/search';
import {
  createPublishedEntry,
  dropTestIndexes,
  HungServer,
  startHungServer,
  TEST_TOKEN_SECRET,
  TestDatabase,
  testIndexPrefix,
  testMeilisearchAdmin,
  testServers,
} from '@insyn/testing';
import { CliContext } from '../src/cli-command';
import { COMMANDS } from '../src/commands';

/** The Meilisearch a command is pointed at. */
type Meili = { meiliHost: string; meiliMasterKey: string };

describe('reindex and search:verify commands (real PostgreSQL and Meilisearch)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let lines: string[];
  const prefix = testIndexPrefix('cli-search');
  const admin = testMeilisearchAdmin;
  const context = (search: Meili = testServers()): CliContext => ({
    config: loadConfig({ NODE_ENV: 'test', INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET }),
    dataSource,
    search: new SearchConnection(search.meiliHost, search.meiliMasterKey, prefix),
    log: pino({ level: 'silent' }),
    print: (line) => lines.push(line),
    progress: () => undefined,
  });
  const run = async (
    name: string,
    values: Record<string, string | boolean> = {},
    search: Meili = testServers(),
  ) => {
    lines = [];
    await COMMANDS.find((c) => c.name === name)!.run(values, context(search));
    return lines;
  };

  beforeAll(async () => {
    database = await TestDatabase.create('cli-search');
    dataSource = await database.dataSource(INSYN_ENTITIES);
  });
  afterAll(async () => {
    await dropTestIndexes(prefix);
    await dataSource?.destroy();
    await database?.drop();
  });

  it('reindex builds the live index from the database', async () => {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        createPublishedEntry(dataSource, { content: { title: `Kommandorad ${i}` } }),
      ),
    );
    const out = await run('reindex');
    expect(out[0]).toMatch(
      new RegExp(`^rebuilt ${liveIndexName(prefix)}: 5 public entries in \\d+ ms$`),
    );
    const stats = await admin().index(liveIndexName(prefix)).getStats();
    expect(stats.numberOfDocuments).toBe(5);
  });

  it('search:verify reports drift (--dry-run fails), then repairs it', async () => {
    const [{ id }] = await dataSource.query('SELECT id FROM entry ORDER BY id LIMIT 1');
    await admin().index(liveIndexName(prefix)).deleteDocument(id).waitTask();

    await expect(run('search:verify', { 'dry-run': true })).rejects.toThrow(
      /differs from the database \(1 entries\)/,
    );
    expect(lines).toContain(`  missing: ${id}`);

    const out = await run('search:verify');
    expect(out).toContain('missing: 1, stale: 0, strays: 0, dead-lettered: 0');
    expect(out.at(-1)).toBe('the search index now equals the database');
    expect((await run('search:verify', { 'dry-run': true }))[1]).toBe(
      'missing: 0, stale: 0, strays: 0, dead-lettered: 0',
    );
  });

  it('search:verify waits for a running indexer that took part of the repair', async () => {
    const ids = (await dataSource.query('SELECT id FROM entry ORDER BY id')) as { id: string }[];
    await admin()
      .index(liveIndexName(prefix))
      .deleteDocuments(ids.map((r) => r.id))
      .waitTask();
    // The production setup: an indexer runs, woken by the repair's outbox rows, and takes them
    // before the command's own drain can; their writes land a moment later.
    const runtime = new SearchRuntime(context().search, { log: silentSearchLog });
    const other = new SearchIndexer(dataSource, runtime, { verifyIntervalMs: 0 });
    await other.start();
    try {
      const out = await run('search:verify');
      expect(out.at(-1)).toBe('the search index now equals the database');
    } finally {
      await other.stop();
      runtime.close();
    }
  });

  describe('with Meilisearch not answering or refusing the key', () => {
    // Accepts connections and never answers: a hung Meilisearch.
    let hung: HungServer;
    beforeAll(async () => (hung = await startHungServer()));
    afterAll(() => hung?.close());

    it.each(['reindex', 'search:verify'])(
      '%s says Meilisearch is not answering and what to check, not the client’s message',
      async (name) => {
        const key = testServers().meiliMasterKey;
        const failure = (host: string) =>
          run(name, {}, { meiliHost: host, meiliMasterKey: key }).then(
            () => 'ran',
            (error: Error) => error.message,
          );
        const hungAt = hung.url;
        expect(await failure(hungAt)).toMatch(
          new RegExp(
            `^Meilisearch at ${hungAt} is not answering \\(no answer within [\\d.]+ s\\): check that it runs and that MEILI_HOST names it, then run the command again$`,
          ),
        );
        const closedAt = `http://127.0.0.1:${await findFreePort()}`; // nothing listens
        expect(await failure(closedAt)).toBe(
          `Meilisearch at ${closedAt} is not answering (connection refused): check that it runs and that MEILI_HOST names it, then run the command again`,
        );
        // Credentials and a path in MEILI_HOST stay off the terminal.
        const withCredentials = closedAt.replace('http://', 'http://user:secret@') + '/meili';
        const message = await failure(withCredentials);
        expect(message).toMatch(new RegExp(`^Meilisearch at ${closedAt} is not answering`));
        expect(message).not.toMatch(/secret|user|\/meili|keys/);
        expect(
          await run(
            name,
            {},
            { meiliHost: testServers().meiliHost, meiliMasterKey: 'w'.repeat(32) },
          ).then(
            () => 'ran',
            (error: Error) => error.message,
          ),
        ).toBe(
          `Meilisearch at ${new URL(testServers().meiliHost).origin} refused the key (HTTP 403, invalid_api_key): check MEILI_MASTER_KEY`,
        );
      },
    );
  });
});
