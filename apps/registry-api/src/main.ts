import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { InvalidConfigError, loadConfig, unsupportedNodeWarning } from '@insyn/config';
import { checkConfiguredDatabases, SchemaVersionWatch } from '@insyn/database';
import {
  DataFolderInUseError,
  embeddedServersStarted,
  PARTS_STOP_DEADLINE_MS,
  RunningServices,
  serviceLogOf,
  serviceSettingsFromConfig,
  settledWithin,
  STARTUP_STEP_WAIT_MS,
  startServices,
} from '@insyn/embedded-services';
import { ADMIN_TOKEN_WATCH_DEFAULTS, AdminTokenWatch } from '@insyn/access';
import { AuditChainWatch } from '@insyn/audit';
import { ConcernsService, ConcernsWorker, concernsWorkerFor, logMailFolder } from '@insyn/concerns';
import { createLogger } from '@insyn/observability';
import { SearchConnection, SearchIndexer, SearchRuntime } from '@insyn/search';
import { RegistryClock } from '@insyn/registry';
import { createRegistryApi } from './bootstrap';
import { seedDemoDataOnStart } from './demo/demo-data.starter';
import { RequestDrain } from './http/request-drain';

/** Insyn registry API: config → servers (embedded or production) → Nest app → listen → stop on signal. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'registry-api');
  const nodeWarning = unsupportedNodeWarning();
  if (nodeWarning) log.warn(nodeWarning);
  if (!config.embedsDatabase && !config.INSYN_TOKEN_SECRET) {
    log.warn(
      'INSYN_TOKEN_SECRET is not set: API tokens are keyed by a secret in INSYN_DATA_DIR, lost with it',
    );
  }
  if (!config.embedsDatabase && !config.INSYN_CONTACT_SECRET) {
    log.warn(
      'INSYN_CONTACT_SECRET is not set: residents’ e-mails and concern codes are keyed by a secret in INSYN_DATA_DIR, lost with it',
    );
  }
  // The law asks both pages for a way to reach the city; the site still serves them without.
  if (config.isProduction && !config.INSYN_ACCESSIBILITY_FEEDBACK_URL) {
    log.warn(
      'INSYN_ACCESSIBILITY_FEEDBACK_URL is not set: the accessibility statement gives readers no way to report a problem, which the DOS law asks for',
    );
  }
  if (config.isProduction && !config.INSYN_PRIVACY_CONTACT_URL) {
    log.warn(
      'INSYN_PRIVACY_CONTACT_URL is not set: the privacy page does not say how to reach the data protection officer, which GDPR Article 13 asks for',
    );
  }

  let services: RunningServices | undefined = undefined;
  let app: Awaited<ReturnType<typeof createRegistryApi>> | undefined;
  let demo: Awaited<ReturnType<typeof seedDemoDataOnStart>> | undefined;
  let indexer: SearchIndexer | undefined;
  let concernsWorker: ConcernsWorker | undefined;
  let auditChainWatch: AuditChainWatch | undefined;
  let adminTokenWatch: AdminTokenWatch | undefined;
  let stopping = false;
  /** The start-up's steps after the servers: a stop waits for the step under way, then no more. */
  let startUp: Promise<void> | undefined = undefined;
  const shutDown = async () => {
    // A start-up under way ends its step and takes no other (each looks at `stopping`): nothing
    // starts after the stop, a demo seeded is announced, and the app is not closed under it.
    if (startUp) await settledWithin(startUp, STARTUP_STEP_WAIT_MS);
    services?.stopRestarting();
    // First the requests: no new connection is accepted, those in flight are answered (until
    // the deadline), and only then do the indexer, the database pool and the servers stop.
    if (app) {
      const { cut, elapsedMs } = await app.get(RequestDrain).drain(app.getHttpServer() as Server);
      if (cut) log.warn({ cut, elapsedMs }, 'requests still running at the stop deadline were cut');
      else log.info({ elapsedMs }, 'answered every request in flight');
    }
    const parts = (async () => {
      await indexer
        ?.stop()
        .catch((error: unknown) => log.error({ err: error }, 'error while stopping the indexer'));
      await concernsWorker
        ?.stop()
        .catch((error: unknown) =>
          log.error({ err: error }, 'error while stopping the concerns worker'),
        );
      await auditChainWatch?.stop();
      await adminTokenWatch?.stop();
      await app
        ?.close()
        .catch((error: unknown) => log.error({ err: error }, 'error while closing the API'));
    })();
    // The servers are stopped even when the API's parts never finish stopping.
    const stopped = await settledWithin(parts, PARTS_STOP_DEADLINE_MS);
    if (!stopped)
      log.error(
        { deadlineMs: PARTS_STOP_DEADLINE_MS },
        'the indexer, the workers or the database pools did not stop in time (is the database or Meilisearch not answering?): stopping the servers anyway',
      );
    await services?.stop();
    log.info('stopped');
    process.exit(stopped ? 0 : 1);
  };
  // Listening from the first moment: the default action of a signal during start-up would kill
  // this process and orphan the embedded servers; instead they are stopped once they are up.
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Ctrl-C reaches the embedded servers too: their exit from now on is no crash to restart.
    services?.stopRestarting();
    log.info({ signal }, 'stopping');
    if (services) void shutDown();
  };
  // SIGHUP too: a closed terminal would otherwise kill this process and leave PostgreSQL running.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => stop(signal));

  try {
    services = await startServices(serviceSettingsFromConfig(config, serviceLogOf(log)));
  } catch (error) {
    // A terminal's Ctrl-C reaches the whole process group: initdb or a starting PostgreSQL got
    // it too and gave up. That is the stop asked for, not a failure to start (startServices
    // stops what it had started; the next start begins again). initdb runs synchronously: the
    // signal that ended it is handled once the event loop turns, before setImmediate's callback.
    if (!stopping) await new Promise((resolve) => setImmediate(resolve));
    if (!stopping) throw error;
    log.info(
      { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) },
      'stopped while the embedded servers were starting (the stop reached them too)',
    );
    log.info('stopped');
    process.exit(0);
  }
  const embedded = embeddedServersStarted(services, config.INSYN_DATA_DIR);
  // A stop that came while they were starting (a first start's initdb takes seconds) is said:
  // the line comes after "stopping", and they are stopped next.
  if (embedded)
    log.info(
      embedded,
      stopping
        ? 'embedded servers started (they were starting when the stop came): stopping them'
        : 'embedded servers started',
    );

  if (stopping) return shutDown();
  /** The demo admin token, once seeded: shown once, so shown even when a stop came meanwhile. */
  const announceDemo = () => {
    if (!demo?.adminToken) return;
    log.info('seeded demo data into the empty database');
    // Plain stdout, not the log: the secret must not end up in log storage.
    console.log(`Demo admin token (shown once): ${demo.adminToken}`);
  };

  startUp = (async () => {
    try {
      // The operator's servers: one clear line when they refuse or cannot be reached.
      await checkConfiguredDatabases(
        services.embedded.postgres
          ? { readUrl: config.DATABASE_READ_URL }
          : {
              databaseUrl: services.databaseUrl,
              migrationUrl: config.DATABASE_MIGRATION_URL,
              readUrl: config.DATABASE_READ_URL,
            },
        log,
      );
      app = await createRegistryApi({
        config,
        databaseUrl: services.databaseUrl,
        migrationUrl: services.migrationUrl,
        databaseReadUrl: config.DATABASE_READ_URL,
        search: new SearchConnection(
          services.meiliHost,
          services.meiliMasterKey,
          config.MEILI_INDEX_PREFIX,
        ),
        log,
      });
      // Listening first: a start that cannot listen (the port taken) must not seed the demo data,
      // or its admin token, shown once, would be shown never. Seeding is one transaction, so a
      // reader meanwhile sees an empty register or the whole demo, and "running" is said after it.
      if (stopping) return;
      await listenQuietly(app, config.PORT);
      if (stopping) return;
      demo = await seedDemoDataOnStart(app, config);
      if (stopping) return announceDemo();
      // The search indexer in this process: the embedded default (production: `npm run start:indexer`).
      if (config.INSYN_RUN_INDEXER ?? config.embedsDatabase) {
        indexer = new SearchIndexer(app.get(DataSource), app.get(SearchRuntime), {
          listenUrl: services.databaseUrl,
          leaseMs: config.INSYN_INDEXER_LEASE_SECONDS * 1000,
          clock: app.get(RegistryClock),
          schemaWatch: app.get(SchemaVersionWatch),
        });
        await indexer.start();
        if (stopping) return announceDemo();
        // Residents' e-mail and contact retention: background work, with the indexer.
        concernsWorker = concernsWorkerFor(
          app.get(DataSource),
          config,
          log,
          app.get(RegistryClock),
        );
        concernsWorker.start();
        // A resident's erasure in this process: their .eml files go at once.
        const worker = concernsWorker;
        app.get(ConcernsService).onContactErased(() => worker.sweepMailSoon());
        // The daily check of the audit hash chain (a broken chain is logged at error level).
        auditChainWatch = new AuditChainWatch(app.get(DataSource), { log });
        auditChainWatch.start();
        // The daily warning of ADMIN tokens about to run out (start-up has just checked once).
        adminTokenWatch = new AdminTokenWatch(app.get(DataSource), {
          log,
          firstCheckAfterMs: ADMIN_TOKEN_WATCH_DEFAULTS.intervalMs,
        });
        adminTokenWatch.start();
      }
    } catch (error) {
      // Stopped by a signal while starting: shutDown() ends the process, with no error to report.
      if (stopping) return;
      await app?.close().catch(() => undefined);
      await services.stop();
      throw error;
    }
  })();
  await startUp;
  // Stopped meanwhile: shutDown() has waited for the step under way and ends the process.
  if (stopping || !app) return;
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const listening = `http://localhost:${port}`;
  // Behind a proxy the registry's address is INSYN_PUBLIC_URL, where its own links point.
  const url = config.INSYN_PUBLIC_URL?.replace(/\/+$/, '') ?? listening;
  // A CLI attached to these servers writes its exports' and signs' links to this address.
  services.notePublicUrl(url);
  log.info(
    { graphql: `${url}/graphql`, site: `${url}/`, listening: `${listening}/` },
    url === listening
      ? `Insyn is running at ${url}/ (GraphQL at ${url}/graphql)`
      : `Insyn is running at ${url}/ (GraphQL at ${url}/graphql), listening at ${listening}/`,
  );
  if (concernsWorker) logMailFolder(config, log);
  announceDemo();
}

/**
 * Listens on PORT, on every address as `app.listen` does, but without Nest's own error line
 * (`listen EADDRINUSE` at error, with no setting named): a port that cannot be taken is the
 * operator's refusal to read, which the start-up's catch says once, naming PORT.
 */
async function listenQuietly(
  app: Awaited<ReturnType<typeof createRegistryApi>>,
  port: number,
): Promise<void> {
  await app.init();
  const server = app.getHttpServer() as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof InvalidConfigError || error instanceof DataFolderInUseError) {
    console.error(error.message);
  } else if (
    (code === 'EADDRINUSE' || code === 'EACCES') &&
    (error as NodeJS.ErrnoException).syscall === 'listen'
  ) {
    // The operator's setting, named: not listen's own words.
    const port = (error as { port?: number }).port ?? process.env.PORT;
    console.error(
      code === 'EADDRINUSE'
        ? `Insyn failed to start: PORT ${port} is already in use by another process; stop it, or set PORT to another port`
        : `Insyn failed to start: PORT ${port} may not be listened on by this user (ports below 1024 need privileges); set PORT to another port`,
    );
  } else {
    console.error('Insyn failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
