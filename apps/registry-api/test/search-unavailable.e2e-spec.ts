import { createServer, Server, Socket } from 'node:net';
import { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { loadConfig } from '@insyn/config';
import { findFreePort } from '@insyn/embedded-services';
import { SearchConnection } from '@insyn/search';
import { GraphQLClient, TestDatabase } from '@insyn/testing';
import { createRegistryApi } from '../src/bootstrap';

const SEARCH = '{ search(query: "kamera") { estimatedTotalHits hits { id } } }';

/** An API whose Meilisearch is somewhere it cannot be reached. */
async function startApi(
  database: TestDatabase,
  meiliHost: string,
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
    log: pino({ level: 'silent' }),
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, client: new GraphQLClient(baseUrl), baseUrl };
}

describe('search while Meilisearch is unavailable', () => {
  let database: TestDatabase;
  let hanging: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    database = await TestDatabase.create('search-unavailable');
    // Accepts connections and never answers: a hung Meilisearch.
    hanging = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hanging.close(resolve));
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
    } finally {
      await app.close();
    }
  });

  it('gives up on a Meilisearch that does not answer after about 2 s', async () => {
    const port = (hanging.address() as { port: number }).port;
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
});
