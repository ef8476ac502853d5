import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { commandLineOf, isProcessAlive } from './process-control';

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

  /** A random secret generated on first use and kept in a mode-600 file. */
  secret(name: string, bytes = 32): string {
    const file = this.file(name);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    const value = randomBytes(bytes).toString('base64url');
    writeFileSync(file, value + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return value;
  }

  /** The live process that holds this folder, if any (stale locks are ignored). */
  owner(): number | undefined {
    const lock = this.file('insyn.lock');
    if (!existsSync(lock)) return undefined;
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (pid === process.pid) return pid;
    if (!isProcessAlive(pid)) return undefined;
    const cmd = commandLineOf(pid);
    // A recycled pid that is not a node process is not ours.
    if (cmd !== undefined && !/node/.test(cmd)) return undefined;
    return pid;
  }

  /** Takes the instance lock or throws DataFolderInUseError; a stale lock from a crash is replaced. */
  lock(): void {
    const lock = this.file('insyn.lock');
    const owner = this.owner();
    if (owner !== undefined && owner !== process.pid)
      throw new DataFolderInUseError(this.path, owner);
    rmSync(lock, { force: true });
    let fd: number;
    try {
      fd = openSync(lock, 'wx', 0o600);
    } catch {
      const racer = this.owner();
      throw new DataFolderInUseError(this.path, racer ?? -1);
    }
    writeSync(fd, String(process.pid));
    closeSync(fd);
  }

  unlock(): void {
    if (this.owner() === process.pid) {
      rmSync(this.file('insyn.lock'), { force: true });
      rmSync(this.file('runtime.json'), { force: true });
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
