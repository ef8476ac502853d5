import type { InsynConfig } from '@insyn/config';
import { RunningServices, ServiceSettings } from './embedded-services';
import { ServiceLog } from './service-log';

/** The servers an app's configuration names (or asks to embed), for startServices. */
export function serviceSettingsFromConfig(
  config: InsynConfig,
  log: ServiceLog,
  options: { attach?: boolean } = {},
): ServiceSettings {
  return {
    dataDir: config.INSYN_DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    migrationUrl: config.DATABASE_MIGRATION_URL,
    meiliHost: config.MEILI_HOST,
    meiliMasterKey: config.MEILI_MASTER_KEY,
    meiliBinary: config.MEILI_BINARY,
    attach: options.attach,
    log,
  };
}

/**
 * The `embedded servers started` line's details (which servers, where their data lives), for a
 * process that started embedded servers; undefined when it started none.
 */
export function embeddedServersStarted(
  services: RunningServices,
  dataDir: string,
): Record<string, unknown> | undefined {
  if (!services.embedded.postgres && !services.embedded.meilisearch) return undefined;
  return {
    dataDir,
    ...services.embedded,
    postgresData: services.locations.postgres,
    meilisearchData: services.locations.meilisearch,
  };
}
