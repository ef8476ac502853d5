import { ChildProcess } from 'node:child_process';
import { ServiceLog } from './service-log';

export interface Backoff {
  /** Wait before the first restart after a crash. */
  initialMs: number;
  /** Longest wait between two attempts. */
  maxMs: number;
  /** A server that ran this long before it died starts again from `initialMs`. */
  stableMs: number;
  /** Consecutive failed attempts after which each further one is logged as an error. */
  errorAfter: number;
}

export const DEFAULT_BACKOFF: Backoff = {
  initialMs: 250,
  maxMs: 30_000,
  stableMs: 60_000,
  errorAfter: 5,
};

export interface SupervisorOptions {
  /** How the log names the server: `PostgreSQL`, `Meilisearch`. */
  name: string;
  log: ServiceLog;
  /** Starts the server once and resolves with its process once it serves; rejects if it fails. */
  launch: () => Promise<ChildProcess>;
  /** Before each restart: clear what the dead server left behind (its other processes, pid files). */
  beforeRestart?: () => Promise<void>;
  backoff?: Partial<Backoff>;
}

/**
 * Keeps one server process running: when it exits without being asked to, it is started again,
 * waiting longer after each failed attempt. Crashes and restarts are logged as warnings and
 * information; only a server that keeps failing to come back is logged as an error, since that
 * is what an operator must look at.
 */
export class Supervisor {
  private child?: ChildProcess;
  private startedAt = 0;
  private failures = 0;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private restarting?: Promise<void>;
  private readonly backoff: Backoff;
  /** How many times the server was started again after exiting on its own. */
  restarts = 0;

  constructor(private readonly options: SupervisorOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  /** The first start: a failure is the caller's to report, not retried. */
  async start(): Promise<ChildProcess> {
    const child = await this.options.launch();
    this.watch(child);
    return child;
  }

  /** No more restarts; waits for one in progress, whose server the caller then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.restarting;
  }

  private watch(child: ChildProcess): void {
    this.child = child;
    this.startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (this.stopped || this.child !== child) return;
      this.child = undefined;
      if (Date.now() - this.startedAt >= this.backoff.stableMs) this.failures = 0;
      this.schedule(`(pid ${child.pid}) exited unexpectedly with ${signal ?? `code ${code}`}`);
    });
  }

  private schedule(reason: string): void {
    const { initialMs, maxMs, errorAfter } = this.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** this.failures);
    this.failures += 1;
    const message = `embedded ${this.options.name} ${reason}; restarting it in ${delay} ms`;
    if (this.failures > errorAfter)
      this.options.log.error(`${message} (attempt ${this.failures}: it keeps failing)`);
    else this.options.log.warn(message);
    this.timer = setTimeout(() => {
      this.restarting = this.restart().finally(() => (this.restarting = undefined));
    }, delay);
    // A pending restart alone does not keep the process alive.
    this.timer.unref();
  }

  private async restart(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.options.beforeRestart?.();
      if (this.stopped) return;
      const child = await this.options.launch();
      // Stopped meanwhile: the caller's stop() stops this child once restart() has returned.
      this.restarts += 1;
      this.watch(child);
      if (!this.stopped)
        this.options.log.info(`embedded ${this.options.name} restarted (pid ${child.pid})`);
    } catch (error) {
      if (this.stopped) return;
      this.schedule(`failed to restart: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
