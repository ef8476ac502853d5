import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolder, RuntimeInfo } from './data-folder';
import { EmbeddedMeilisearch } from './embedded-meilisearch';
import { CLUSTER_NOTICE, EmbeddedPostgres } from './embedded-postgres';
import { ServiceLog } from './service-log';

/** Where the app's servers are: the configured production ones, or embedded ones it started. */
export interface ServiceEndpoints {
  /** What the apps connect with: embedded, the app role, which owns nothing. */
  databaseUrl: string;
  /**
   * The tables' owner, for migrations (then the role of databaseUrl is granted what it needs).
   * Undefined: migrations run through databaseUrl.
   */
  migrationUrl?: string;
  meiliHost: string;
  meiliMasterKey: string;
}

export interface RunningServices extends ServiceEndpoints {
  /** The embedded cluster's superuser (tests provision with it); undefined otherwise. */
  readonly adminUrl?: string;
  /** Whether this process started embedded servers (and so must stop them). */
  readonly embedded: { postgres: boolean; meilisearch: boolean };
  /** Process ids of the embedded servers now (they change when a crashed one is restarted). */
  readonly pids: number[];
  /** Where the embedded servers keep their data, to print at start. */
  readonly locations: { postgres?: string; meilisearch?: string };
  /**
   * When this process attached to the embedded servers of another (`attach`): that process, and
   * whether it still holds the data folder with the same servers. Once it stops or restarts
   * (on new ports), the addresses this process was given lead nowhere.
   */
  readonly attachedTo?: {
    pid: number;
    stillThere(): boolean;
    /** Where that process's API serves, once it listens (see notePublicUrl). */
    publicUrl?: string;
  };
  /**
   * Notes in the data folder where this process's API serves, for a CLI that attaches to it
   * (its exports' and signs' links); nothing when this process started no embedded server.
   */
  notePublicUrl(url: string): void;
  /**
   * Servers that exit from now on are not restarted. Call it first thing on SIGINT: Ctrl-C in a
   * terminal reaches the servers too, and their exit is then no crash.
   */
  stopRestarting(): void;
  stop(): Promise<void>;
}

export interface ServiceSettings {
  dataDir: string;
  databaseUrl?: string;
  /** The owner's URL for migrations, with databaseUrl (DATABASE_MIGRATION_URL). */
  migrationUrl?: string;
  meiliHost?: string;
  meiliMasterKey?: string;
  meiliBinary?: string;
  /** false: throwaway data (tests); the embedded data is deleted on stop. */
  persistent?: boolean;
  /**
   * Reuse the embedded servers of a process that already holds the data folder (the CLI while
   * `npm start` runs) instead of refusing to start.
   */
  attach?: boolean;
  log: ServiceLog;
}

/**
 * DATABASE_URL or MEILI_HOST set to another server than a process running on the data folder
 * uses, the other not set: attaching would pair one of its servers with one of another
 * registry's.
 */
export class MixedServersError extends Error {
  constructor(folder: string, pid: number, set: 'DATABASE_URL' | 'MEILI_HOST') {
    const unset = set === 'DATABASE_URL' ? 'MEILI_HOST' : 'DATABASE_URL';
    super(
      `Insyn runs on the data folder ${folder} (process ${pid}) with other servers than ${set} names, and ${unset} is not set: this would pair one of its servers with one of another registry's. Set both (to use those servers), or neither (to use the running ones).`,
    );
    this.name = 'MixedServersError';
  }
}

/**
 * Starts what the configuration does not name: an embedded PostgreSQL without DATABASE_URL, an
 * embedded Meilisearch without MEILI_HOST. The data folder is locked while they run.
 */
export async function startServices(settings: ServiceSettings): Promise<RunningServices> {
  const needsEmbedded = settings.databaseUrl === undefined || settings.meiliHost === undefined;
  if (!needsEmbedded) {
    return {
      databaseUrl: settings.databaseUrl!,
      migrationUrl: settings.migrationUrl,
      meiliHost: settings.meiliHost!,
      meiliMasterKey: settings.meiliMasterKey!,
      embedded: { postgres: false, meilisearch: false },
      pids: [],
      locations: {},
      notePublicUrl: () => undefined,
      stopRestarting: () => undefined,
      stop: async () => undefined,
    };
  }

  const folder = new DataFolder(settings.dataDir);
  if (settings.attach) {
    const running = folder.readRuntime();
    if (running) {
      // Half its servers, half the configuration's: one database read, another's search index
      // written (search:verify would delete every document of the running registry as a stray).
      const other =
        settings.databaseUrl !== undefined && settings.databaseUrl !== running.databaseUrl
          ? 'DATABASE_URL'
          : settings.meiliHost !== undefined && settings.meiliHost !== running.meiliHost
            ? 'MEILI_HOST'
            : undefined;
      if (other) throw new MixedServersError(settings.dataDir, running.pid, other);
      return {
        databaseUrl: settings.databaseUrl ?? running.databaseUrl!,
        migrationUrl:
          settings.databaseUrl !== undefined ? settings.migrationUrl : running.migrationUrl,
        meiliHost: settings.meiliHost ?? running.meiliHost!,
        meiliMasterKey: settings.meiliMasterKey ?? folder.secret('meili-master-key'),
        embedded: { postgres: false, meilisearch: false },
        pids: [],
        locations: {},
        attachedTo: {
          pid: running.pid,
          publicUrl: running.publicUrl,
          stillThere: () => {
            const now = folder.readRuntime();
            return (
              now?.pid === running.pid &&
              now.databaseUrl === running.databaseUrl &&
              now.meiliHost === running.meiliHost
            );
          },
        },
        notePublicUrl: () => undefined,
        stopRestarting: () => undefined,
        stop: async () => undefined,
      };
    }
  }
  folder.lock();

  const persistent = settings.persistent ?? true;
  const postgres =
    settings.databaseUrl === undefined
      ? new EmbeddedPostgres({
          clusterDir: folder.file('postgres'),
          password: folder.secret('postgres-password'),
          rolePasswords: {
            owner: folder.secret('postgres-owner-password'),
            app: folder.secret('postgres-app-password'),
          },
          persistent,
          log: settings.log,
        })
      : undefined;
  const meilisearch =
    settings.meiliHost === undefined
      ? new EmbeddedMeilisearch({
          dataDir: folder.file('meilisearch'),
          masterKey: folder.secret('meili-master-key'),
          binary: settings.meiliBinary,
          persistent,
          log: settings.log,
        })
      : undefined;

  // Should the process end without stop() (an uncaught error), still ask the servers to shut down.
  const lastResort = () => {
    postgres?.signalStop();
    meilisearch?.signalStop();
  };
  process.once('exit', lastResort);

  // Every caller of stop() waits for the same shutdown (a signal handler and a failing start-up
  // may both call it; the second must not return while the servers are still stopping).
  let stopping: Promise<void> | undefined;
  let runtime: RuntimeInfo | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', lastResort);
      await Promise.allSettled([postgres?.stop(), meilisearch?.stop()]);
      folder.unlock();
      // Throwaway data leaves nothing behind: the generated secrets go, and the folder if empty.
      if (!persistent) folder.discardGenerated();
    })());

  try {
    const [, meiliHost] = await Promise.all([
      postgres?.start(),
      meilisearch ? meilisearch.start() : Promise.resolve(settings.meiliHost!),
    ]);
    const databaseUrl = postgres ? postgres.appUrl : settings.databaseUrl!;
    const migrationUrl = postgres ? postgres.ownerUrl : settings.migrationUrl;
    const meiliMasterKey = settings.meiliMasterKey ?? folder.secret('meili-master-key');
    runtime = {
      pid: process.pid,
      databaseUrl: postgres ? databaseUrl : undefined,
      migrationUrl: postgres ? migrationUrl : undefined,
      meiliHost: meilisearch ? meiliHost : undefined,
    };
    folder.writeRuntime(runtime);
    return {
      databaseUrl,
      migrationUrl,
      adminUrl: postgres?.adminUrl,
      meiliHost,
      meiliMasterKey,
      embedded: { postgres: !!postgres, meilisearch: !!meilisearch },
      get pids() {
        return [postgres?.pid, meilisearch?.pid].filter((p): p is number => p !== undefined);
      },
      locations: { postgres: postgres?.dataLocation, meilisearch: meilisearch?.dataLocation },
      notePublicUrl: (url) => {
        // Once stopping, the folder's runtime file is gone, and stays so.
        if (runtime && !stopping) folder.writeRuntime((runtime = { ...runtime, publicUrl: url }));
      },
      stopRestarting: () => {
        postgres?.stopRestarting();
        meilisearch?.stopRestarting();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Removes a data folder and, when its PostgreSQL cluster was kept outside it (see
 * CLUSTER_NOTICE), that cluster too: what tests use to leave nothing behind.
 */
export function removeDataDir(dataDir: string): void {
  const notice = join(dataDir, CLUSTER_NOTICE);
  if (existsSync(notice)) {
    const cluster = readFileSync(notice, 'utf8').trim();
    if (cluster) {
      rmSync(cluster, { recursive: true, force: true });
      rmSync(`${cluster}.data-folder`, { force: true });
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** A throwaway data folder under the system temp folder (which the postgres user can traverse). */
export function temporaryDataDir(prefix = 'insyn-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // mkdtemp makes it mode 700; the embedded PostgreSQL's user must be able to traverse it.
  chmodSync(dir, 0o755);
  return dir;
}
