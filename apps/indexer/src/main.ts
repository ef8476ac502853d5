import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { InvalidConfigError, loadConfig } from '@insyn/config';
import { buildDataSourceOptions, migrateDatabase } from '@insyn/database';
import {
  DataFolderInUseError,
  serviceLogOf,
  serviceSettingsFromConfig,
  startServices,
} from '@insyn/embedded-services';
import { createLogger } from '@insyn/observability';
import { INSYN_ENTITIES } from '@insyn/registry';
import { SearchConnection, SearchIndexer, SearchRuntime } from '@insyn/search';

/**
 * Insyn search indexer, as its own process: config → servers → data source → indexer → stop on
 * signal. Against the configured servers, or the embedded ones of a running `npm start` (whose
 * in-process indexer then shares the work: claims never overlap).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'indexer');

  const services = await startServices(
    serviceSettingsFromConfig(config, serviceLogOf(log), { attach: true }),
  );
  const dataSource = new DataSource(
    buildDataSourceOptions(services.databaseUrl, INSYN_ENTITIES, 4),
  );
  const runtime = new SearchRuntime(
    new SearchConnection(services.meiliHost, services.meiliMasterKey),
    {
      log,
    },
  );
  const indexer = new SearchIndexer(dataSource, runtime, { listenUrl: services.databaseUrl });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await indexer
      .stop()
      .catch((error: unknown) => log.error({ err: error }, 'error while stopping the indexer'));
    runtime.close();
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await services.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await dataSource.initialize();
    await migrateDatabase(dataSource, services.migrationUrl);
    await indexer.start();
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await services.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof InvalidConfigError || error instanceof DataFolderInUseError) {
    console.error(error.message);
  } else {
    console.error(
      'The Insyn indexer failed to start:',
      error instanceof Error ? error.message : error,
    );
  }
  process.exit(1);
});
