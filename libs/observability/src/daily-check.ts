import { Logger } from 'pino';

/** When a `DailyCheck` runs; each left out takes its default (`DAILY_CHECK_DEFAULTS`). */
export interface DailyCheckOptions {
  log: Logger;
  /** Between checks (default: a day). */
  intervalMs?: number;
  /** From start to the first check (default: five minutes, after start-up's own work). */
  firstCheckAfterMs?: number;
  /** After a check that could not run (the database unreachable, say): default an hour. */
  retryAfterMs?: number;
}

export const DAILY_CHECK_DEFAULTS = {
  intervalMs: 24 * 3_600_000,
  firstCheckAfterMs: 5 * 60_000,
  retryAfterMs: 3_600_000,
} as const;

/**
 * Runs an operator's check in the background: first after `firstCheckAfterMs`, then every
 * `intervalMs`. The check logs its own findings; one that could not run (it rejected) is logged
 * at warn as `<name> could not run; will retry` and tried again after `retryAfterMs`. A pending
 * check never keeps the process alive; `stop` waits for one that is running.
 */
export class DailyCheck {
  private readonly timing: Required<Omit<DailyCheckOptions, 'log'>>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly check: () => Promise<unknown>,
    private readonly options: DailyCheckOptions,
  ) {
    const given = Object.fromEntries(
      Object.entries(options).filter(([key, value]) => key !== 'log' && value !== undefined),
    );
    this.timing = { ...DAILY_CHECK_DEFAULTS, ...given };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.timing.firstCheckAfterMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const run = this.check().then(
        () => this.timing.intervalMs,
        (error: unknown) => {
          this.options.log.warn(
            { reason: error instanceof Error ? error.message : String(error) },
            `${this.name} could not run; will retry`,
          );
          return this.timing.retryAfterMs;
        },
      );
      this.running = run;
      void run.then((next) => this.schedule(next));
    }, delayMs);
    this.timer.unref();
  }
}
