import { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { loadConfig } from '@insyn/config';
import { findFreePort } from '@insyn/embedded-services';
import { SearchConnection } from '@insyn/search';
import { DataSource } from 'typeorm';
import { EntryKind } from '@insyn/registry';
import {
  createTestTokens,
  eventually,
  GraphQLClient,
  HungServer,
  LogCapture,
  readHealth,
  startHungServer,
  TestDatabase,
  testServers,
} from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { createRegistryApi } from '../src/bootstrap';

const SEARCH = '{ search(query: "kamera") { estimatedTotalHits hits { id } } }';

/** An API whose Meilisearch is somewhere it cannot be reached. */
async function startApi(
  database: TestDatabase,
  meiliHost: string,
  log = pino({ level: 'silent' }),
): Promise<{ app: INestApplication; client: GraphQLClient; baseUrl: string }> {
  const app = await createRegistryApi({
    config: loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      INSYN_TOKEN_SECRET: 'test-token-secret-0123456789abcdef',
    }),
    databaseUrl: database.url,
    migrationUrl: database.migrationUrl,
    search: new SearchConnection(meiliHost, 'a-master-key-nobody-knows-0123', 't_unavailable'),
    log,
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, client: new GraphQLClient(baseUrl), baseUrl };
}

describe('search while Meilisearch is unavailable', () => {
  let database: TestDatabase;
  let hanging: HungServer;

  beforeAll(async () => {
    database = await TestDatabase.create('search-unavailable');
    // Accepts connections and never answers: a hung Meilisearch.
    hanging = await startHungServer();
  });
  afterAll(async () => {
    await hanging?.close();
    await database.drop();
  });

  it('answers SEARCH_UNAVAILABLE at once when nothing listens, and /health degrades (200)', async () => {
    const { app, client, baseUrl } = await startApi(
      database,
      `http://127.0.0.1:${await findFreePort()}`,
    );
    try {
      const started = Date.now();
      const result = await client.request(SEARCH);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(result.status).toBe(200);
      expect(result.data).toBeNull();
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['SEARCH_UNAVAILABLE']);
      expect(result.errors?.[0].message).toMatch(/try again/);

      // The rest of the registry still works.
      expect(
        (await client.data<{ principles: unknown[] }>('{ principles { code } }')).principles,
      ).toHaveLength(5);

      const health = await fetch(`${baseUrl}/health`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as Record<string, any>;
      expect(body.status).toBe('degraded');
      expect(body.degraded).toContain('search');
      expect(body.info.database.status).toBe('up');
      expect(body.error.search.status).toBe('down');

      // The site's home page says its figures are unavailable, not that the register is empty,
      // and is not kept by caches; the search page answers 503 with its notice.
      const home = await fetch(`${baseUrl}/en/`);
      expect(home.status).toBe(200);
      expect(home.headers.get('cache-control')).not.toMatch(/public/);
      const homeHtml = await home.text();
      expect(homeHtml).toContain('which is not working right now');
      // (This database is empty: "Recently changed", read from PostgreSQL, may say so.)
      expect(homeHtml).toMatch(/New in the register<\/h2>\s*<p>The figures and the newest entries/);
      const search = await fetch(`${baseUrl}/sv/search?q=kamera`);
      expect(search.status).toBe(503);
      expect(search.headers.get('cache-control')).not.toMatch(/public/);
      const page = await search.text();
      expect(page).toContain('Sökningen fungerar inte just nu');
      // The window's title says so first, not "results for".
      expect(page).toMatch(/<title>Tjänsten är inte tillgänglig just nu: Sökresultat för /);
    } finally {
      await app.close();
    }
  });

  it('gives up on a Meilisearch that does not answer after about 2 s', async () => {
    const port = hanging.port;
    const { app, client } = await startApi(database, `http://127.0.0.1:${port}`);
    try {
      const started = Date.now();
      const result = await client.request(SEARCH);
      const took = Date.now() - started;
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['SEARCH_UNAVAILABLE']);
      expect(took).toBeGreaterThanOrEqual(1900);
      expect(took).toBeLessThan(3500);
    } finally {
      await app.close();
    }
  });

  it('says search is down, and logs at error naming MEILI_MASTER_KEY, when Meilisearch refuses the key', async () => {
    const capture = new LogCapture();
    const log = pino({ level: 'warn' }, capture);
    // The test servers' Meilisearch, which has another master key than the one the API is given.
    const { app, client, baseUrl } = await startApi(database, testServers().meiliHost, log);
    try {
      const body = await readHealth(baseUrl);
      expect(body.httpStatus).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.degraded).toContain('search');
      expect(body.details.search.message).toMatch(/refuses the key \(MEILI_MASTER_KEY\)/);
      expect(body.details.search.message).not.toContain('nobody-knows');
      const result = await client.request(SEARCH);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['SEARCH_UNAVAILABLE']);
      const { value: refused } = await eventually(
        async () =>
          capture.lines
            .map((line) => JSON.parse(line) as { level: number; msg: string; stack?: string })
            .filter((line) => /refuses MEILI_MASTER_KEY/.test(line.msg)),
        (found) => found.length > 0,
        { what: 'the refused key to be logged' },
      );
      expect(refused[0].level).toBe(50);
      expect(capture.text).not.toContain('nobody-knows');
    } finally {
      await app.close();
    }
  });

  it('publishes a version that withholds more all the same, warning (no stack) that the old document may stay', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const capture = new LogCapture();
    const log = pino({ level: 'warn' }, capture);
    const lines = () =>
      capture.lines.map(
        (line) => JSON.parse(line) as { level: number; msg: string; entryId?: string },
      );

    for (const [i, host] of [
      `http://127.0.0.1:${await findFreePort()}`, // nothing listens: tried again for 1 s
      `http://127.0.0.1:${hanging.port}`, // no answer: 1 s
    ].entries()) {
      capture.lines.length = 0;
      const { app } = await startApi(database, host, log);
      try {
        const setup = new EntrySetup(app, await createTestTokens(app.get(DataSource)));
        const id = await setup.published(EntryKind.DATASET, `Utan sökmotor ${i}`, 'A', {
          responsibleTeam: 'Gruppen',
        });
        await setup.edit(id, EntryKind.DATASET, {
          withheld: [{ field: 'responsibleTeam', legalGround: 'OSL 18:8' }],
        });
        const started = Date.now();
        await setup.publish(id);
        // Each removal (before the commit and after) waits 1 s at most.
        expect(Date.now() - started).toBeLessThan(5000);
        const [status] = (await app
          .get(DataSource)
          .query(`SELECT status FROM entry WHERE id = $1`, [id])) as { status: string }[];
        expect(status.status).toBe('PUBLISHED');
        // The removal given up on still fails later (here: its connection is cut), unheard.
        hanging.dropConnections();
        await eventually(
          async () => hanging.connections,
          (open) => open === 0,
          { what: 'the hung connections closed' },
        );
        for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
        expect(unhandled).toEqual([]);
        const warned = lines().filter((l) => l.msg.startsWith('search document not removed'));
        expect(warned.map((l) => l.msg)).toEqual([
          'search document not removed ahead of a narrowing publication; the indexer replaces it',
          'search document not removed after a narrowing publication; the indexer replaces it',
        ]);
        for (const line of warned) {
          expect(line).toMatchObject({ level: 40, entryId: id });
          expect(JSON.stringify(line)).not.toMatch(/\bat \S+ \(|stack/);
        }
      } finally {
        await app.close();
      }
    }
    process.off('unhandledRejection', onUnhandled);
  }, 60_000);
});
