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
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as FsExt from 'fs-ext';

let fsExt: typeof FsExt | undefined;

/**
 * fs-ext's flock, loaded at the first lock rather than with this module: fs-ext is a native addon,
 * built at `npm ci` for one Node.js version. Built for another, it would stop every app at its
 * first line with the loader's stack, even one that never locks a folder; here it says the fix.
 */
function flockSync(fd: number, flags: 'exnb'): void {
  if (!fsExt) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      fsExt = require('fs-ext') as typeof FsExt;
    } catch (error) {
      if (/NODE_MODULE_VERSION|different Node\.js version/.test(String((error as Error)?.message)))
        throw new Error(
          `fs-ext (the data folder's lock) was built for another Node.js version than this one (${process.version}): run rm -rf node_modules/fs-ext/build && npm rebuild fs-ext`,
        );
      throw error;
    }
  }
  fsExt.flockSync(fd, flags);
}

/** A note of the holder's pid, for people; the lock itself is the flock on the folder. */
const LOCK_FILE = 'insyn.lock';

/** Files Insyn creates in a data folder besides the servers' own folders. */
const GENERATED = [
  /^postgres(-owner|-app)?-password$/,
  /^meili-master-key$/,
  /^token-secret$/,
  /^contact-secret$/,
  /^(postgres(-owner|-app)?-password|meili-master-key|token-secret|contact-secret)\.\d+-[0-9a-f]+\.tmp$/,
  /^meilisearch-binary\.json$/,
  /^postgres-cluster-location\.txt$/,
  /^meilisearch-\d+\.\d+\.\d+$/,
];

/**
 * The descriptors through which this process holds data-folder locks, by folder. A flock belongs
 * to an open descriptor: a second one in the same process would conflict with the first.
 */
const held = new Map<string, number>();

export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    /** The holder's pid; undefined where the system does not say (no /proc/locks). */
    readonly pid: number | undefined,
  ) {
    super(
      `Insyn is already running on the data folder ${folder} (process ${pid ?? 'unknown'}). Stop it first, or set INSYN_DATA_DIR to another folder.`,
    );
    this.name = 'DataFolderInUseError';
  }
}

/** What a running Insyn process publishes so that the CLI can reach its embedded servers. */
export interface RuntimeInfo {
  pid: number;
  /** The app role's URL (what the CLI's commands use). */
  databaseUrl?: string;
  /** The owner's URL, for migrations. */
  migrationUrl?: string;
  meiliHost?: string;
  /**
   * Where the API of this process serves once it listens (INSYN_PUBLIC_URL, else
   * http://localhost:<its port>): the origin of the links a CLI attached to it writes.
   */
  publicUrl?: string;
}

/** The one folder holding embedded server data, generated secrets and the instance lock. */
export class DataFolder {
  readonly path: string;
  /** The folder's real path when this locked it (see unlock). */
  private lockedAs?: string;

  constructor(path: string) {
    this.path = resolve(path);
    createFolder(this.path);
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

  /**
   * The live process that holds this folder, if any: the kernel's flock table says, so a lock
   * file deleted or overwritten by hand changes nothing.
   */
  owner(): number | undefined {
    if (held.has(this.key())) return process.pid;
    const fromTable = flockHolder(this.path);
    if (fromTable !== 'unknown') return fromTable;
    // No /proc/locks: try the lock ourselves, and give it back at once.
    const fd = openSync(this.path, 'r');
    try {
      flockSync(fd, 'exnb');
      return undefined;
    } catch (error) {
      if (!isLockConflict(error)) throw error;
      return this.notedPid() ?? 0;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Takes the instance lock or throws DataFolderInUseError. The lock is an exclusive flock on the
   * data folder itself, held through an open descriptor: the kernel releases it when the process
   * ends, however it ends, so there are no stale locks to judge, and deleting or rewriting
   * `insyn.lock` (a note of the pid, for people) neither frees nor breaks it.
   */
  lock(): void {
    const key = this.key();
    this.lockedAs = key;
    if (held.has(key)) return;
    // Opened read-only (a folder cannot be opened for writing); libuv sets close-on-exec, so
    // the servers we spawn do not inherit the lock and cannot keep it after we are gone.
    const fd = openSync(this.path, 'r');
    try {
      flockSync(fd, 'exnb');
    } catch (error) {
      closeSync(fd);
      if (!isLockConflict(error)) throw error;
      const holder = flockHolder(this.path);
      throw new DataFolderInUseError(this.path, holder === 'unknown' ? this.notedPid() : holder);
    }
    held.set(key, fd);
    const draft = this.file(`${LOCK_FILE}.${process.pid}`);
    try {
      writeFileSync(draft, `${process.pid}\n`, { mode: 0o644 });
      renameSync(draft, this.file(LOCK_FILE));
    } catch (error) {
      held.delete(key);
      this.lockedAs = undefined;
      closeSync(fd);
      // A read-only folder (a mount, a volume): said of the folder, not of the lock's temp file.
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new Error(`INSYN_DATA_DIR: cannot write in the folder ${this.path} (${code})`);
    }
  }

  /**
   * Gives the lock back. The folder may be gone by now (deleted while the servers ran): the lock
   * is found by the name it was taken under, and its descriptor closed all the same.
   */
  unlock(): void {
    const key = this.lockedAs ?? (existsSync(this.path) ? this.key() : undefined);
    const fd = key === undefined ? undefined : held.get(key);
    if (key === undefined || fd === undefined) return;
    rmSync(this.file(LOCK_FILE), { force: true });
    rmSync(this.file('runtime.json'), { force: true });
    held.delete(key);
    this.lockedAs = undefined;
    // Closing the descriptor releases the flock.
    closeSync(fd);
  }

  /** The same folder reached by another path (a symbolic link) is the same lock. */
  private key(): string {
    return realpathSync(this.path);
  }

  /** The pid the holder noted in insyn.lock, when it reads as one. */
  private notedPid(): number | undefined {
    try {
      const pid = Number(readFileSync(this.file(LOCK_FILE), 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
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
    // Written beside, then renamed: it is rewritten while CLIs may be reading it (notePublicUrl).
    const draft = this.file(`runtime.json.${process.pid}`);
    writeFileSync(draft, JSON.stringify(info, null, 2), { mode: 0o600 });
    renameSync(draft, this.file('runtime.json'));
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

function isLockConflict(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/**
 * Who holds a flock on this folder, from /proc/locks: a pid, undefined when nobody does, or
 * 'unknown' where there is no such table. Lines name the inode; the holder is confirmed by its
 * open descriptors where we may read them (device numbers differ between the two on some file
 * systems, so they are not compared).
 */
export function flockHolder(path: string): number | undefined | 'unknown' {
  let table: string;
  try {
    table = readFileSync('/proc/locks', 'utf8');
  } catch {
    return 'unknown';
  }
  const target = realpathSync(path);
  const inode = String(statSync(target).ino);
  for (const line of table.split('\n')) {
    // `1: FLOCK  ADVISORY  WRITE 8186 fe:00:2147090 0 EOF`; waiters are marked `->`.
    const fields = line.trim().split(/\s+/);
    if (fields[1] !== 'FLOCK' || fields[3] !== 'WRITE') continue;
    const pid = Number(fields[4]);
    if (fields[5]?.split(':')[2] !== inode || !(pid > 0)) continue;
    if (holdsOpen(pid, target) !== false) return pid;
  }
  return undefined;
}

/** Whether a process has this path open; undefined when its descriptors cannot be read. */
function holdsOpen(pid: number, path: string): boolean | undefined {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  return fds.some((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
    } catch {
      return false;
    }
  });
}

/**
 * Creates the folder and any missing parents, one level at a time, naming INSYN_DATA_DIR when it
 * cannot. Not `mkdirSync(…, { recursive: true })`: where mkdir answers ENOENT in a folder that
 * exists (`/proc`, some network and FUSE file systems) Node's recursive mkdir retries forever,
 * synchronously, so the process spins and no signal can stop it.
 */
function createFolder(path: string): void {
  const missing: string[] = [];
  let at = path;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(folder).isDirectory())
        continue;
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new Error(`INSYN_DATA_DIR: cannot create the folder ${folder} (${code})`);
    }
  }
  if (!statSync(path).isDirectory())
    throw new Error(`INSYN_DATA_DIR: ${path} is a file, not a folder`);
}
