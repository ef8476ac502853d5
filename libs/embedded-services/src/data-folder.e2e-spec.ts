import { spawn } from 'node:child_process';
import fs, {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedChild, exited } from '../test-fixtures/child-process';
import { DataFolder, DataFolderInUseError } from './data-folder';

/** A pid that belonged to a process which has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await exited(child);
  return child.pid!;
}

describe('DataFolder (the instance lock and generated secrets)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'insyn-folder-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second process while the first holds the folder, naming its pid', async () => {
    const folder = new DataFolder(dir);
    folder.lock();
    expect(folder.owner()).toBe(process.pid);
    expect(() => new DataFolder(dir).lock()).not.toThrow(); // the same process may lock again

    const second = new EmbeddedChild('lock', dir);
    expect(await second.nextLine()).toBe('ready');
    second.send('go');
    expect(await second.nextLine()).toBe(`in-use ${process.pid}`);
    await second.close();

    folder.unlock();
    expect(folder.owner()).toBeUndefined();
    const third = new EmbeddedChild('lock', dir);
    expect(await third.nextLine()).toBe('ready');
    third.send('go');
    expect(await third.nextLine()).toBe('locked');
    expect(folder.owner()).toBe(third.pid);
    const error = (() => {
      try {
        folder.lock();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataFolderInUseError);
    expect((error as DataFolderInUseError).pid).toBe(third.pid);
    expect((error as Error).message).toMatch(/already running .* \(process \d+\)/);
    await third.close();
  });

  it('gives the lock back when the folder was deleted while it was held', async () => {
    const folder = new DataFolder(dir);
    folder.lock();
    rmSync(dir, { recursive: true, force: true });
    expect(() => folder.unlock()).not.toThrow();
    // The lock is free: the folder made again at the same path is taken by another process.
    const again = new DataFolder(dir);
    expect(again.owner()).toBeUndefined();
    const other = new EmbeddedChild('lock', dir);
    expect(await other.nextLine()).toBe('ready');
    other.send('go');
    expect(await other.nextLine()).toBe('locked');
    await other.close();
  });

  it('ignores what a lock file says: a dead pid, garbage, or a live process that is not ours', async () => {
    const folder = new DataFolder(dir);
    const sleeper = spawn('sleep', ['30']);
    try {
      for (const note of [String(await deadPid()), 'garbage\u0000', '', String(sleeper.pid)]) {
        writeFileSync(join(dir, 'insyn.lock'), note);
        expect(folder.owner()).toBeUndefined();
        folder.lock();
        expect(folder.owner()).toBe(process.pid);
        expect(readFileSync(join(dir, 'insyn.lock'), 'utf8').trim()).toBe(String(process.pid));
        folder.unlock();
        expect(existsSync(join(dir, 'insyn.lock'))).toBe(false);
      }
    } finally {
      sleeper.kill('SIGKILL');
      await exited(sleeper);
    }
  });

  it('keeps the lock while its lock file is deleted or overwritten, and loses it with its process', async () => {
    const holder = new EmbeddedChild('lock', dir);
    const other = new EmbeddedChild('lock', dir);
    try {
      expect(await holder.nextLine()).toBe('ready');
      holder.send('go');
      expect(await holder.nextLine()).toBe('locked');

      rmSync(join(dir, 'insyn.lock'));
      expect(new DataFolder(dir).owner()).toBe(holder.pid);
      expect(() => new DataFolder(dir).lock()).toThrow(DataFolderInUseError);
      writeFileSync(join(dir, 'insyn.lock'), 'not a pid at all');
      const error = catching(() => new DataFolder(dir).lock());
      expect(error).toBeInstanceOf(DataFolderInUseError);
      expect((error as DataFolderInUseError).pid).toBe(holder.pid);

      // No stale lock to judge: the kernel drops it the moment its holder dies.
      holder.process.kill('SIGKILL');
      await exited(holder.process);
      expect(await other.nextLine()).toBe('ready');
      other.send('go');
      expect(await other.nextLine()).toBe('locked');
      expect(new DataFolder(dir).owner()).toBe(other.pid);
    } finally {
      holder.process.kill('SIGKILL');
      await Promise.all([exited(holder.process), other.close()]);
    }
  });

  it('lets exactly one of several processes starting at once take over a stale lock', async () => {
    writeFileSync(join(dir, 'insyn.lock'), String(await deadPid()));
    const children = Array.from({ length: 4 }, () => new EmbeddedChild('lock', dir));
    try {
      for (const child of children) expect(await child.nextLine()).toBe('ready');
      for (const child of children) child.send('go');
      const lines = await Promise.all(children.map((child) => child.nextLine()));
      const winners = children.filter((_, i) => lines[i] === 'locked');
      expect(winners).toHaveLength(1);
      expect(lines.filter((line) => line === `in-use ${winners[0].pid}`)).toHaveLength(3);
      expect(new DataFolder(dir).owner()).toBe(winners[0].pid);
    } finally {
      await Promise.all(children.map((child) => child.close()));
    }
  });

  it('creates missing parents, and refuses a place it cannot create, naming INSYN_DATA_DIR, at once', () => {
    const base = fs.mkdtempSync(join(tmpdir(), 'insyn-folder-'));
    try {
      const nested = join(base, 'a', 'b', 'c');
      expect(new DataFolder(nested).path).toBe(nested);
      expect(fs.statSync(nested).isDirectory()).toBe(true);
      // Node's own recursive mkdir spins forever here (mkdir answers ENOENT in /proc).
      expect(() => new DataFolder('/proc/insyn-data')).toThrow(
        /^INSYN_DATA_DIR: cannot create the folder \/proc\/insyn-data \(E[A-Z]+\)$/,
      );
      const file = join(base, 'a-file');
      fs.writeFileSync(file, '');
      expect(() => new DataFolder(file)).toThrow(`INSYN_DATA_DIR: ${file} is a file, not a folder`);
      expect(() => new DataFolder(join(file, 'below'))).toThrow(/^INSYN_DATA_DIR: cannot create/);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('names INSYN_DATA_DIR when it cannot write in the folder (read-only), not the lock file, and holds no lock', () => {
    // A folder that exists and cannot be written to, even by root (a read-only mount, say).
    const folder = new DataFolder('/proc/sys');
    expect(() => folder.lock()).toThrow(
      /^INSYN_DATA_DIR: cannot write in the folder \/proc\/sys \(E[A-Z]+\)$/,
    );
    // Not held: a second try says the same, not "already running".
    expect(() => new DataFolder('/proc/sys').lock()).toThrow(/cannot write in the folder/);
  });

  it('keeps generated secrets in mode-600 files and returns the same value every time', () => {
    const folder = new DataFolder(dir);
    const key = folder.secret('meili-master-key');
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(new DataFolder(dir).secret('meili-master-key')).toBe(key);
    expect(statSync(join(dir, 'meili-master-key')).mode & 0o777).toBe(0o600);
  });

  it('writes a secret whole or not at all: a write that fails leaves none, an empty leftover is replaced', () => {
    const folder = new DataFolder(dir);
    // The disk fills up in the middle of the first start's write.
    const failing = jest.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    try {
      expect(() => folder.secret('token-secret')).toThrow(/ENOSPC/);
    } finally {
      failing.mockRestore();
    }
    expect(readdirSync(dir)).toEqual([]); // no secret, no temporary file
    const secret = folder.secret('token-secret');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'token-secret'), 'utf8')).toBe(secret + '\n');

    // What an interrupted write of an older version left: an empty file, which every start
    // then read as the secret.
    writeFileSync(join(dir, 'postgres-password'), '');
    const password = folder.secret('postgres-password');
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(new DataFolder(dir).secret('postgres-password')).toBe(password);
    expect(statSync(join(dir, 'postgres-password')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['postgres-password', 'token-secret']);
  });
});

function catching(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
