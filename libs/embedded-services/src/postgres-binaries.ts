import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { ServiceLog } from './service-log';

/** The user the PostgreSQL binaries run as when Insyn itself runs as root. */
export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/** PostgreSQL refuses to run as root: as root, the `postgres` system user (created if missing). */
export function postgresRunAs(): RunAs | undefined {
  return process.getuid?.() === 0 ? ensurePostgresUser() : undefined;
}

/** A folder every user can traverse, surviving reboots where the system keeps /var/tmp. */
export function sharedCacheRoot(): string {
  const root = existsSync('/var/tmp')
    ? '/var/tmp/insyn-embedded'
    : join(tmpdir(), 'insyn-embedded');
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  return root;
}

export interface UsableBinariesOptions {
  /** Whom the binaries must run as (undefined: the current user). */
  runAs?: RunAs;
  /** Where a runnable copy is kept when needed; defaults to sharedCacheRoot(). */
  cacheRoot?: string;
  log: ServiceLog;
}

/**
 * The `bin` folder of a package's `native` folder, or of a copy in a cache folder when the
 * server's user cannot run them in place: a clone under a mode-700 home as root, or shared-library
 * symlinks that npm's `--ignore-scripts` left unrestored.
 */
export function usablePostgresBinaries(nativeDir: string, options: UsableBinariesOptions): string {
  const { runAs, log } = options;
  if (postgresBinariesRun(join(nativeDir, 'bin'), runAs)) return join(nativeDir, 'bin');

  const packageJson = join(nativeDir, '..', 'package.json');
  const version = existsSync(packageJson)
    ? (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version
    : 'unknown';
  const cacheRoot = options.cacheRoot ?? sharedCacheRoot();
  const cache = join(cacheRoot, `postgres-${process.platform}-${process.arch}-${version}`);
  if (postgresBinariesRun(join(cache, 'bin'), runAs)) return join(cache, 'bin');

  log.warn(`copying the PostgreSQL binaries to ${cache} where the server's user can run them`);
  // Copied beside the cache and renamed into place, so that concurrent starts never see half a copy.
  const draft = `${cache}.${process.pid}-${Date.now()}`;
  try {
    cpSync(nativeDir, draft, { recursive: true, verbatimSymlinks: true });
    hydrateSymlinks(draft);
    execFileSync('chmod', ['-R', 'a+rX', draft]);
    // A copy that appeared meanwhile and runs may be in use: keep it. A broken one is replaced.
    if (!postgresBinariesRun(join(cache, 'bin'), runAs))
      rmSync(cache, { recursive: true, force: true });
    try {
      renameSync(draft, cache);
    } catch (error) {
      // Another process put its copy in place first; use that one.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  } finally {
    rmSync(draft, { recursive: true, force: true });
  }
  if (!postgresBinariesRun(join(cache, 'bin'), runAs))
    throw new Error(`the PostgreSQL binaries in ${cache} do not run`);
  return join(cache, 'bin');
}

/** Whether `postgres --version` runs from this folder as the given user. */
export function postgresBinariesRun(bin: string, runAs?: RunAs): boolean {
  const result = spawnSync(join(bin, 'postgres'), ['--version'], {
    uid: runAs?.uid,
    gid: runAs?.gid,
    encoding: 'utf8',
  });
  return result.status === 0 && /PostgreSQL/.test(result.stdout ?? '');
}

/** Restores the shared-library symlinks the package lists (what its postinstall script does). */
export function hydrateSymlinks(nativeDir: string): void {
  const listFile = join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    // The list holds paths from the package build; keep only the part below native/.
    const rel = (p: string) => p.slice(p.indexOf('native/') + 'native/'.length);
    // `target` is the symlink to create, `source` the real file it points to.
    const link = join(nativeDir, rel(target));
    if (existsSync(link)) continue;
    rmSync(link, { force: true }); // a dangling link
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), join(nativeDir, rel(source))), link);
  }
}

function ensurePostgresUser(): RunAs {
  const lookup = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    execFileSync('useradd', [
      '--system',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      '--user-group',
      'postgres',
    ]);
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid, name: 'postgres' };
}
