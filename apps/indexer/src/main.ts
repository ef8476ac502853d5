import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { CONCERN_ENTITIES } from '@insyn/concerns';
import { InvalidConfigError, loadConfig, unsupportedNodeWarning } from '@insyn/config';
import {
  buildDataSourceOptions,
  checkDatabaseReachable,
  migrateDatabase,
  sessionEventsLoggedTo,
  warnOfRolePowers,
} from '@insyn/database';
import {
  DataFolderInUseError,
  MixedServersError,
  embeddedServersStarted,
  PARTS_STOP_DEADLINE_MS,
  serviceLogOf,
  serviceSettingsFromConfig,
  settledWithin,
  STARTUP_STEP_WAIT_MS,
  startServices,
} from '@insyn/embedded-services';
import { AdminTokenWatch } from '@insyn/access';
import { AuditChainWatch } from '@insyn/audit';
import { concernsWorkerFor, logMailFolder } from '@insyn/concerns';
import { createLogger } from '@insyn/observability';
import { INSYN_ENTITIES } from '@insyn/registry';
import { SearchConnection, SearchIndexer, SearchRuntime } from '@insyn/search';

/**
 * Insyn search indexer, as its own process: config → servers → data source → indexer → stop on
 * signal. Against the configured servers, or the embedded ones of a running `npm start` (whose
 * in-process indexer then shares the work: claims never overlap).
 */
/** How often an indexer attached to a running `npm start` checks that it still runs. */
const OWNER_CHECK_MS = 2_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'indexer');
  const nodeWarning = unsupportedNodeWarning();
  if (nodeWarning) log.warn(nodeWarning);

  // Listening from the first moment, as the API does: a signal's default action during start-up
  // would kill this process and orphan the embedded servers it starts; SIGHUP too (a closed
  // terminal). Until the servers are up, a signal is only noted.
  let signalled: string | undefined;
  let stop: (signal: string, exitCode?: number) => Promise<void> = async (signal) => {
    signalled ??= signal;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void stop(signal));

  const services = await startServices(
    serviceSettingsFromConfig(config, serviceLogOf(log), { attach: true }),
  );
  const embedded = embeddedServersStarted(services, config.INSYN_DATA_DIR);
  if (embedded) log.info(embedded, 'embedded servers started');
  if (signalled) {
    log.info({ signal: signalled }, 'stopping');
    await services.stop();
    process.exit(0);
  }
  const dataSource = new DataSource(
    buildDataSourceOptions(
      services.databaseUrl,
      [...INSYN_ENTITIES, ...CONCERN_ENTITIES],
      4,
      undefined,
      config.databaseTimeouts,
      sessionEventsLoggedTo(log),
    ),
  );
  const runtime = new SearchRuntime(
    new SearchConnection(services.meiliHost, services.meiliMasterKey, config.MEILI_INDEX_PREFIX),
    {
      log,
    },
  );
  const indexer = new SearchIndexer(dataSource, runtime, {
    listenUrl: services.databaseUrl,
    leaseMs: config.INSYN_INDEXER_LEASE_SECONDS * 1000,
  });
  // The other background work: residents' e-mail and contact retention.
  const concernsWorker = concernsWorkerFor(dataSource, config, log);
  // The daily check of the audit hash chain (a broken chain is logged at error level).
  const auditChainWatch = new AuditChainWatch(dataSource, { log });
  // The daily warning of ADMIN tokens about to run out (at warn level).
  const adminTokenWatch = new AdminTokenWatch(dataSource, { log });

  let stopping = false;
  let ownerWatch: NodeJS.Timeout | undefined;
  /** The start-up's steps: a stop waits for the step under way, then no more is started. */
  let startUp: Promise<void> | undefined = undefined;
  stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    if (startUp) await settledWithin(startUp, STARTUP_STEP_WAIT_MS);
    clearInterval(ownerWatch);
    // Ctrl-C reaches the embedded servers too: their exit from now on is no crash to restart.
    services.stopRestarting();
    log.info({ signal }, 'stopping');
    const parts = (async () => {
      await indexer
        .stop()
        .catch((error: unknown) => log.error({ err: error }, 'error while stopping the indexer'));
      await concernsWorker
        .stop()
        .catch((error: unknown) =>
          log.error({ err: error }, 'error while stopping the concerns worker'),
        );
      await auditChainWatch.stop();
      await adminTokenWatch.stop();
      runtime.close();
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    })();
    // The servers are stopped even when the indexer's parts never finish stopping.
    const stopped = await settledWithin(parts, PARTS_STOP_DEADLINE_MS);
    if (!stopped)
      log.error(
        { deadlineMs: PARTS_STOP_DEADLINE_MS },
        'the indexer, the workers or the database pool did not stop in time (is the database or Meilisearch not answering?): stopping the servers anyway',
      );
    await services.stop();
    process.exit(stopped ? exitCode : 1);
  };

  startUp = (async () => {
    try {
      if (!services.embedded.postgres)
        await checkDatabaseReachable(services.databaseUrl, { variable: 'DATABASE_URL', log });
      if (stopping) return;
      await dataSource.initialize();
      await migrateDatabase(dataSource, services.migrationUrl);
      await warnOfRolePowers(dataSource, log, 'indexer');
      if (stopping) return;
      await indexer.start();
      // Stopped meanwhile: stop() stops the indexer once this step is over, and nothing more starts.
      if (stopping) return;
      concernsWorker.start();
      logMailFolder(config, log);
      auditChainWatch.start();
      adminTokenWatch.start();
      // Attached to a running `npm start`: its servers' addresses hold only while it runs. Once it
      // stops or restarts (its embedded servers then on new ports), this process would retry
      // addresses that lead nowhere, for ever; it says so and stops (exit 1: a supervisor, or the
      // operator, starts it again on the new ones).
      const owner = services.attachedTo;
      if (owner) {
        ownerWatch = setInterval(() => {
          if (owner.stillThere()) return;
          log.error(
            { pid: owner.pid },
            `the npm start this indexer attached to (pid ${owner.pid}) has stopped or restarted; stopping: start the indexer again once npm start runs`,
          );
          void stop('attached servers gone', 1);
        }, OWNER_CHECK_MS);
        ownerWatch.unref();
      }
    } catch (error) {
      // Stopped by a signal while starting: stop() ends the process, with no error to report.
      if (stopping) return;
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      await services.stop();
      throw error;
    }
  })();
  await startUp;
}

main().catch((error: unknown) => {
  if (
    error instanceof InvalidConfigError ||
    error instanceof DataFolderInUseError ||
    error instanceof MixedServersError
  ) {
    console.error(error.message);
  } else {
    console.error(
      'The Insyn indexer failed to start:',
      error instanceof Error ? error.message : error,
    );
  }
  process.exit(1);
});
