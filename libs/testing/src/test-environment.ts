/** Environment variables through which the e2e global setup hands its servers to test files. */
export const TEST_ENV = {
  databaseUrl: 'INSYN_TEST_DATABASE_URL',
  meiliHost: 'INSYN_TEST_MEILI_HOST',
  meiliMasterKey: 'INSYN_TEST_MEILI_MASTER_KEY',
} as const;

export interface TestServers {
  /** URL of a database on the test server that may create other databases. */
  databaseUrl: string;
  meiliHost: string;
  meiliMasterKey: string;
}

export function testServers(): TestServers {
  const databaseUrl = process.env[TEST_ENV.databaseUrl];
  const meiliHost = process.env[TEST_ENV.meiliHost];
  const meiliMasterKey = process.env[TEST_ENV.meiliMasterKey];
  if (!databaseUrl || !meiliHost || !meiliMasterKey) {
    throw new Error(
      'e2e tests need the servers of the e2e global setup: run them with `npm run test:e2e`',
    );
  }
  return { databaseUrl, meiliHost, meiliMasterKey };
}
