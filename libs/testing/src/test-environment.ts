/** Environment variables through which the e2e global setup hands its servers to test files. */
export const TEST_ENV = {
  databaseUrl: 'INSYN_TEST_DATABASE_URL',
  ownerUrl: 'INSYN_TEST_OWNER_URL',
  appUrl: 'INSYN_TEST_APP_URL',
  meiliHost: 'INSYN_TEST_MEILI_HOST',
  meiliMasterKey: 'INSYN_TEST_MEILI_MASTER_KEY',
  /** An empty database of the run's, migrated by the first file that asks for a migrated copy. */
  templateDatabase: 'INSYN_TEST_TEMPLATE_DATABASE',
} as const;

export interface TestServers {
  /** URL of a database on the test server, as a role that may create databases (and roles). */
  databaseUrl: string;
  /** The same server as the role that owns each test database (migrations). */
  ownerUrl: string;
  /** The same server as the app role, which owns nothing (what the code under test uses). */
  appUrl: string;
  meiliHost: string;
  meiliMasterKey: string;
  /** The name of the run's template database (see TestDatabase.create's `migrated`). */
  templateDatabase: string;
}

export function testServers(): TestServers {
  const read = (name: string) => process.env[name];
  const servers = {
    databaseUrl: read(TEST_ENV.databaseUrl),
    ownerUrl: read(TEST_ENV.ownerUrl),
    appUrl: read(TEST_ENV.appUrl),
    meiliHost: read(TEST_ENV.meiliHost),
    meiliMasterKey: read(TEST_ENV.meiliMasterKey),
    templateDatabase: read(TEST_ENV.templateDatabase),
  };
  if (Object.values(servers).some((value) => !value)) {
    throw new Error(
      'e2e tests need the servers of the e2e global setup: run them with `npm run test:e2e`',
    );
  }
  return servers as TestServers;
}

/** The role a database URL logs in as, quoted for SQL (`CREATE DATABASE … OWNER <this>`). */
export function quotedRoleOf(url: string): string {
  return `"${decodeURIComponent(new URL(url).username).replace(/"/g, '""')}"`;
}
