import { INestApplication } from '@nestjs/common';
import pino, { DestinationStream } from 'pino';
import { loadConfig } from '@insyn/config';
import { SearchConnection, SearchRuntime } from '@insyn/search';
import {
  GraphQLClient,
  TestDatabase,
  testIndexPrefix,
  testServers,
  TestTokens,
} from '@insyn/testing';
import { createRegistryApi } from '../src/bootstrap';
import { RegistryApiOptions } from '../src/registry-api.module';

/** The INSYN_CONTACT_SECRET of the harness (a worker built in a test must use the same). */
export const TEST_CONTACT_SECRET = 'test-contact-secret-0123456789abcdef';

/** What a test may set besides the environment. */
export type HarnessOptions = Partial<
  Pick<
    RegistryApiOptions,
    'rateLimit' | 'concernThrottle' | 'logDestination' | 'requestTimeoutMs' | 'tokenKeySeenEveryMs'
  >
> & {
  /** Captures the log lines (at the configured LOG_LEVEL) instead of discarding them. */
  logStream?: DestinationStream;
  /** The logger of the bootstrap and error formatter (default: silent, or logStream's). */
  log?: RegistryApiOptions['log'];
  /** Another Meilisearch than the test server (e.g. an address where nothing listens). */
  meiliHost?: string;
  /** Rewrites the test database's URL (e.g. to pass through a proxy the test can cut). */
  databaseUrl?: (url: string) => string | Promise<string>;
  /** A read replica (DATABASE_READ_URL), from the test database's URL. */
  databaseReadUrl?: (url: string) => string;
  /** Runs on the new database before the API starts (e.g. rows its start-up should see). */
  beforeStart?: (database: TestDatabase) => Promise<void>;
};

/** The actors of the authorization matrix. */
export type Who = 'anonymous' | 'editorA' | 'editorB' | 'reviewer' | 'auditor' | 'admin';

/**
 * One API instance per test file: its own database and index prefix on the shared test servers.
 * The API connects as the app role; the owner migrates (see TestDatabase).
 */
export class RegistryApiHarness {
  private constructor(
    readonly app: INestApplication,
    readonly database: TestDatabase,
    readonly baseUrl: string,
    readonly search: SearchConnection,
  ) {}

  /** `env` overrides the test configuration (e.g. NODE_ENV=production). */
  static async start(
    label: string,
    env: NodeJS.ProcessEnv = {},
    options: HarnessOptions = {},
  ): Promise<RegistryApiHarness> {
    const servers = testServers();
    const database = await TestDatabase.create(label, { migrated: true });
    await options.beforeStart?.(database);
    const databaseUrl = (await options.databaseUrl?.(database.url)) ?? database.url;
    const meiliHost = options.meiliHost ?? servers.meiliHost;
    // The servers it uses are named, as in production (which refuses to embed any).
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      INSYN_TOKEN_SECRET: 'test-token-secret-0123456789abcdef',
      INSYN_CONTACT_SECRET: TEST_CONTACT_SECRET,
      DATABASE_URL: databaseUrl,
      DATABASE_MIGRATION_URL: database.migrationUrl,
      MEILI_HOST: meiliHost,
      MEILI_MASTER_KEY: servers.meiliMasterKey,
      // Production requires the site's public address.
      ...(env.NODE_ENV === 'production'
        ? { INSYN_PUBLIC_URL: 'https://insyn.stad.example.se' }
        : {}),
      ...env,
    });
    const search = new SearchConnection(meiliHost, servers.meiliMasterKey, testIndexPrefix(label));
    const app = await createRegistryApi({
      config,
      databaseUrl,
      migrationUrl: database.migrationUrl,
      databaseReadUrl: options.databaseReadUrl?.(database.url),
      search,
      log:
        options.log ??
        (options.logStream
          ? pino({ level: config.LOG_LEVEL }, options.logStream)
          : pino({ level: 'silent' })),
      logDestination: options.logDestination ?? options.logStream,
      rateLimit: options.rateLimit,
      concernThrottle: options.concernThrottle,
      requestTimeoutMs: options.requestTimeoutMs,
      tokenKeySeenEveryMs: options.tokenKeySeenEveryMs,
    });
    await app.listen(0, '127.0.0.1');
    // The API makes its index in the background at start, and search answers SEARCH_UNAVAILABLE
    // until it exists (by design: never "nothing found" for a register it cannot search). On the
    // test server, a test begins once the index is there: under a full suite, Meilisearch's task
    // queue held the creation past the first search of two files. With another Meilisearch
    // (meiliHost: one that is down or hangs), the test is about that, and does not wait.
    if (!options.meiliHost) await app.get(SearchRuntime).whenPrepared();
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return new RegistryApiHarness(app, database, baseUrl, search);
  }

  graphql(token?: string): GraphQLClient {
    return new GraphQLClient(this.baseUrl, token);
  }

  /** A client for each actor of the authorization matrix. */
  clients(tokens: TestTokens): Record<Who, GraphQLClient> {
    return {
      anonymous: this.graphql(),
      editorA: this.graphql(tokens.editorA),
      editorB: this.graphql(tokens.editorB),
      reviewer: this.graphql(tokens.reviewer),
      auditor: this.graphql(tokens.auditor),
      admin: this.graphql(tokens.admin),
    };
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.database.drop();
  }
}
