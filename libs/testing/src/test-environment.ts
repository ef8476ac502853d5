/** Environment variables through which the e2e global setup hands its servers to test files. */
export const TEST_ENV = {
  databaseUrl: 'INSYN_TEST_DATABASE_URL',
  ownerUrl: 'INSYN_TEST_OWNER_URL',
  appUrl: 'INSYN_TEST_APP_URL',
  meiliHost: 'INSYN_TEST_MEILI_HOST',
  meiliMasterKey: 'INSYN_TEST_MEILI_MASTER_KEY',
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
}

export function testServers(): TestServers {
  const read = (name: string) => process.env[name];
  const servers = {
    databaseUrl: read(TEST_ENV.databaseUrl),
    ownerUrl: read(TEST_ENV.ownerUrl),
    appUrl: read(TEST_ENV.appUrl),
    meiliHost: read(TEST_ENV.meiliHost),
    meiliMasterKey: read(TEST_ENV.meiliMasterKey),
  };
  if (Object.values(servers).some((value) => !value)) {
    throw new Error(
      'e2e tests need the servers of the e2e global setup: run them with `npm run test:e2e`',
    );
  }
  return servers as TestServers;
}
