import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuditChainReport, AuditChainVerifier } from './audit-chain.verifier';

export interface AuditChainWatchOptions {
  log: Logger;
  /** Between checks (default: a day). */
  intervalMs?: number;
  /** From start to the first check (default: five minutes, after start-up's own work). */
  firstCheckAfterMs?: number;
  /** After a check that could not run (the database unreachable, say): default an hour. */
  retryAfterMs?: number;
}

export const AUDIT_CHAIN_WATCH_DEFAULTS = {
  intervalMs: 24 * 3_600_000,
  firstCheckAfterMs: 5 * 60_000,
  retryAfterMs: 3_600_000,
} as const;

/**
 * Verifies the audit chain daily, in the background work's process (the indexer, or `npm start`).
 * An intact chain is logged at info; a broken one at error, naming the first break (it needs a
 * person: someone with the database's owner rights rewrote history); a check that could not run
 * at warn, and is tried again after `retryAfterMs`.
 */
export class AuditChainWatch {
  private readonly verifier: AuditChainVerifier;
  private readonly options: Required<Omit<AuditChainWatchOptions, 'log'>>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;

  constructor(
    dataSource: DataSource,
    private readonly watchOptions: AuditChainWatchOptions,
  ) {
    this.verifier = new AuditChainVerifier(dataSource);
    this.options = { ...AUDIT_CHAIN_WATCH_DEFAULTS, ...stripUndefined(watchOptions) };
  }

  private get log(): Logger {
    return this.watchOptions.log;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.options.firstCheckAfterMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Verifies now and logs the outcome; a check that cannot run rejects. */
  async checkNow(): Promise<AuditChainReport> {
    const started = Date.now();
    const report = await this.verifier.verify();
    const facts = { checked: report.checked, head: report.head, ms: Date.now() - started };
    if (report.intact) {
      this.log.info(facts, 'audit chain verified: intact');
    } else {
      this.log.error(
        { ...facts, breakCount: report.breakCount, firstBreak: report.breaks[0] },
        `audit chain is broken: ${report.breaks[0]?.message}`,
      );
    }
    return report;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const run = this.checkNow().then(
        () => this.options.intervalMs,
        (error: unknown) => {
          this.log.warn(
            { reason: error instanceof Error ? error.message : String(error) },
            'audit chain check could not run; will retry',
          );
          return this.options.retryAfterMs;
        },
      );
      this.running = run;
      void run.then((next) => this.schedule(next));
    }, delayMs);
    // A pending check never keeps the process alive on its own.
    this.timer.unref();
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
