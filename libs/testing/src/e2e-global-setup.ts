// Jest loads global setup without its module mapper, so this file uses relative imports.
import { startServices, temporaryDataDir } from '../../embedded-services/src';
import { TEST_ENV } from './test-environment';

/**
 * Starts one PostgreSQL and one Meilisearch for the whole e2e run: embedded ones on free loopback
 * ports with throwaway data, or the servers named by DATABASE_URL / MEILI_HOST. Never the machine's
 * own PostgreSQL on 5432 unless DATABASE_URL says so.
 */
export default async function globalSetup(): Promise<void> {
  const quiet = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m: string) => console.warn(m),
    error: (m: string) => console.error(m),
  };
  const services = await startServices({
    dataDir: temporaryDataDir('insyn-test-'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    meiliHost: process.env.MEILI_HOST || undefined,
    meiliMasterKey: process.env.MEILI_MASTER_KEY || undefined,
    persistent: false,
    log: quiet,
  });
  process.env[TEST_ENV.databaseUrl] = services.databaseUrl;
  process.env[TEST_ENV.meiliHost] = services.meiliHost;
  process.env[TEST_ENV.meiliMasterKey] = services.meiliMasterKey;
  (globalThis as { __insynServices?: typeof services }).__insynServices = services;
}
