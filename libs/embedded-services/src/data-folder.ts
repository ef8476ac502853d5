import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { commandLineOf, isProcessAlive } from './process-control';

const LOCK_FILE = 'insyn.lock';

/** Files Insyn creates in a data folder besides the servers' own folders. */
const GENERATED = [
  /^postgres-password$/,
  /^meili-master-key$/,
  /^token-secret$/,
  /^(postgres-password|meili-master-key|token-secret)\.\d+-[0-9a-f]+\.tmp$/,
  /^meilisearch-binary\.json$/,
  /^postgres-cluster-location\.txt$/,
  /^meilisearch-\d+\.\d+\.\d+$/,
];

/** Blocks the thread briefly (the lock is taken synchronously, before anything else runs). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      `Insyn is already running on the data folder ${folder} (process ${pid}). Stop it first, or set INSYN_DATA_DIR to another folder.`,
    );
    this.name = 'DataFolderInUseError';
  }
}

/** What a running Insyn process publishes so that the CLI can reach its embedded servers. */
export interface RuntimeInfo {
  pid: number;
  databaseUrl?: string;
  meiliHost?: string;
}

/** The one folder holding embedded server data, generated secrets and the instance lock. */
export class DataFolder {
  readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
    mkdirSync(this.path, { recursive: true });
  }

  file(...parts: string[]): string {
    return join(this.path, ...parts);
  }

  /**
   * A random secret generated on first use and kept in a mode-600 file. The file appears whole
   * or not at all (written to a temporary file, fsynced, then linked into place), so a start that
   * dies while writing it leaves no empty secret behind; an empty one left by an older version is
   * replaced, since no server or token can have used it.
   */
  secret(name: string, bytes = 32): string {
    const file = this.file(name);
    const existing = readIfAny(file)?.trim();
    if (existing) return existing;
    const value = randomBytes(bytes).toString('base64url');
    const draft = this.file(`${name}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeDurably(draft, value + '\n');
      // An empty leftover goes first; then the first writer wins and the others read its value.
      if (existing === '') rmSync(file, { force: true });
      try {
        linkSync(draft, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        return this.secret(name, bytes);
      }
      fsyncFolder(this.path);
    } finally {
      rmSync(draft, { force: true });
    }
    return value;
  }

  /** The live process that holds this folder, if any (stale locks are ignored). */
  owner(): number | undefined {
    const pid = this.lockedBy();
    if (pid === undefined) return undefined;
    if (pid === process.pid) return pid;
    if (!isProcessAlive(pid)) return undefined;
    const cmd = commandLineOf(pid);
    // A recycled pid that is not a node process is not ours.
    if (cmd !== undefined && !/node/.test(cmd)) return undefined;
    return pid;
  }

  /**
   * Takes the instance lock or throws DataFolderInUseError; a stale lock from a crash is replaced.
   * The lock file appears atomically with its pid in it (a hard link of a complete file), and only
   * the holder of a short-lived takeover file may remove a stale one, so of several processes
   * starting at once exactly one wins.
   */
  lock(): void {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.createLock()) return;
      const owner = this.owner();
      if (owner === process.pid) return;
      if (owner !== undefined) throw new DataFolderInUseError(this.path, owner);
      this.removeStaleLock();
      if (Date.now() > deadline) throw new DataFolderInUseError(this.path, this.lockedBy() ?? -1);
    }
  }

  private lockedBy(): number | undefined {
    try {
      const pid = Number(readFileSync(this.file(LOCK_FILE), 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : 0;
    } catch {
      return undefined;
    }
  }

  /** Links a complete pid file into place; false when a lock file already exists. */
  private createLock(): boolean {
    const draft = this.file(`${LOCK_FILE}.${process.pid}`);
    writeFileSync(draft, String(process.pid), { mode: 0o600 });
    try {
      linkSync(draft, this.file(LOCK_FILE));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }

  /** Removes the lock of a dead process, unless another process is doing just that. */
  private removeStaleLock(): void {
    const takeover = this.file(`${LOCK_FILE}.takeover`);
    let fd: number;
    try {
      fd = openSync(takeover, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Someone else is replacing the stale lock; a takeover file left by a crash expires.
      try {
        if (Date.now() - statSync(takeover).mtimeMs > 5_000) rmSync(takeover, { force: true });
      } catch {
        /* gone meanwhile */
      }
      pause(10);
      return;
    }
    try {
      writeSync(fd, String(process.pid));
      // Checked again under the takeover: the lock may have been replaced by a live one.
      if (this.owner() === undefined) rmSync(this.file(LOCK_FILE), { force: true });
    } finally {
      closeSync(fd);
      rmSync(takeover, { force: true });
    }
  }

  unlock(): void {
    if (this.lockedBy() === process.pid) {
      rmSync(this.file(LOCK_FILE), { force: true });
      rmSync(this.file('runtime.json'), { force: true });
    }
  }

  /**
   * Removes what Insyn generated here (secrets, notes) and the folder itself if nothing else is
   * left: for throwaway folders, once their servers have stopped and deleted their data.
   */
  discardGenerated(): void {
    for (const name of readdirSync(this.path)) {
      if (GENERATED.some((pattern) => pattern.test(name)))
        rmSync(this.file(name), { recursive: true, force: true });
    }
    try {
      rmdirSync(this.path);
    } catch {
      /* something else lives here: leave it */
    }
  }

  writeRuntime(info: RuntimeInfo): void {
    writeFileSync(this.file('runtime.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
  }

  /** Runtime info of the live owner, for a CLI attaching to a running server. */
  readRuntime(): RuntimeInfo | undefined {
    const owner = this.owner();
    const file = this.file('runtime.json');
    if (owner === undefined || owner === process.pid || !existsSync(file)) return undefined;
    const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
    return info.pid === owner ? info : undefined;
  }
}

function readIfAny(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates a mode-600 file with this content and waits until it is on the disk. */
function writeDurably(file: string, content: string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a folder's new entries durable (a rename or link is only safe once its folder is synced). */
function fsyncFolder(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
