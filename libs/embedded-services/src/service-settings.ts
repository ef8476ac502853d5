import type { InsynConfig } from '@insyn/config';
import { ServiceSettings } from './embedded-services';
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
