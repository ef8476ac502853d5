import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flockSync } from 'fs-ext';

const ROOT = join(__dirname, '..', '..', '..');
let built = false;

/**
 * The built entry point of an app (`dist/apps/<app>/src/main.js`), building first (once per test
 * file): the production process, as the image runs it. Jest workers build one at a time (an
 * flock per clone); when dist is current the build writes nothing.
 */
export function builtMain(app: 'registry-api' | 'indexer' | 'registry-cli'): string {
  if (!built) {
    const clone = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
    const fd = openSync(join(tmpdir(), `insyn-build-${clone}.lock`), 'w');
    try {
      flockSync(fd, 'ex');
      const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0)
        throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    } finally {
      closeSync(fd);
    }
    built = true;
  }
  return join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
}

/** The environment of this process without Insyn's variables (each test names its own). */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !key.startsWith('npm_') &&
        !key.startsWith('INSYN_') &&
        ![
          'DATABASE_URL',
          'DATABASE_MIGRATION_URL',
          'MEILI_HOST',
          'MEILI_MASTER_KEY',
          'MEILI_BINARY',
          'NODE_ENV',
          'PORT',
          'LOG_LEVEL',
        ].includes(key),
    ),
  );
}

/** Polls `check` until it holds; `describe` says what was awaited when the deadline passes. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A `node <main.js> [args]` child, its output kept for assertions and failure messages. */
export class AppProcess {
  readonly process: ChildProcess;
  stdout = '';
  stderr = '';

  /** `ownGroup`: the leader of a process group of its own, as a terminal's foreground job is. */
  constructor(
    main: string,
    env: NodeJS.ProcessEnv,
    args: string[] = [],
    options: { ownGroup?: boolean } = {},
  ) {
    this.process = spawn(process.execPath, [main, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.ownGroup === true,
    });
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  /** A signal to its whole process group (a terminal's Ctrl-C): it and every child it runs. */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-this.process.pid!, signal);
  }

  get output(): string {
    return this.stdout + this.stderr;
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  /** Resolves with the exit code; fails with the output when the deadline passes. */
  async exit(timeoutMs: number): Promise<number | null> {
    await until(
      () => this.exited,
      timeoutMs,
      () => `the process did not exit within ${timeoutMs} ms:\n${this.output}`,
    );
    return this.process.exitCode;
  }

  /** Waits until its output matches, failing early (with the output) if it exits first. */
  async printed(pattern: RegExp, timeoutMs: number): Promise<void> {
    await until(
      () => {
        if (pattern.test(this.output)) return true;
        if (this.exited)
          throw new Error(`the process exited before printing ${pattern}:\n${this.output}`);
        return false;
      },
      timeoutMs,
      () => `the process did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`,
    );
  }

  /** Last resort in cleanup. */
  kill(): void {
    if (!this.exited) this.process.kill('SIGKILL');
  }
}
