import { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { loadConfig } from '@insyn/config';
import { SearchConnection } from '@insyn/search';
import { GraphQLClient, TestDatabase, testIndexPrefix, testServers } from '@insyn/testing';
import { createRegistryApi } from '../src/bootstrap';

/** One API instance per test file: its own database and index prefix on the shared test servers. */
export class RegistryApiHarness {
  private constructor(
    readonly app: INestApplication,
    readonly database: TestDatabase,
    readonly baseUrl: string,
    readonly search: SearchConnection,
  ) {}

  /** `env` overrides the test configuration (e.g. NODE_ENV=production). */
  static async start(label: string, env: NodeJS.ProcessEnv = {}): Promise<RegistryApiHarness> {
    const servers = testServers();
    const database = await TestDatabase.create(label);
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      INSYN_TOKEN_SECRET: 'test-token-secret-0123456789abcdef',
      ...env,
    });
    const search = new SearchConnection(
      servers.meiliHost,
      servers.meiliMasterKey,
      testIndexPrefix(label),
    );
    const app = await createRegistryApi({
      config,
      databaseUrl: database.url,
      search,
      log: pino({ level: 'silent' }),
    });
    await app.listen(0, '127.0.0.1');
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return new RegistryApiHarness(app, database, baseUrl, search);
  }

  graphql(token?: string): GraphQLClient {
    return new GraphQLClient(this.baseUrl, token);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.database.drop();
  }
}
