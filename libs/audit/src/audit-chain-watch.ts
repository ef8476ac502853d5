import { Logger } from 'pino';
import { DAILY_CHECK_DEFAULTS, DailyCheck, DailyCheckOptions } from '@insyn/observability';
import { DataSource } from 'typeorm';
import { AuditChainReport, AuditChainVerifier } from './audit-chain.verifier';

export type AuditChainWatchOptions = DailyCheckOptions;
export const AUDIT_CHAIN_WATCH_DEFAULTS = DAILY_CHECK_DEFAULTS;

/**
 * Verifies the audit chain daily, in the background work's process (the indexer, or `npm start`).
 * An intact chain is logged at info; a broken one at error, naming the first break (it needs a
 * person: someone with the database's owner rights rewrote history); a check that could not run
 * at warn, and is tried again after `retryAfterMs`.
 */
export class AuditChainWatch {
  private readonly verifier: AuditChainVerifier;
  private readonly daily: DailyCheck;

  constructor(
    dataSource: DataSource,
    private readonly watchOptions: AuditChainWatchOptions,
  ) {
    this.verifier = new AuditChainVerifier(dataSource);
    this.daily = new DailyCheck('audit chain check', () => this.checkNow(), watchOptions);
  }

  private get log(): Logger {
    return this.watchOptions.log;
  }

  start(): void {
    this.daily.start();
  }

  stop(): Promise<void> {
    return this.daily.stop();
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
}
