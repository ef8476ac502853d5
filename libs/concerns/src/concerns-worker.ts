import { resolve } from 'node:path';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { resolveContactSecret } from '@insyn/access';
import { InsynConfig } from '@insyn/config';
import { LoopFailureLog } from '@insyn/database';
import {
  createMailSender,
  MailDispatcher,
  MailDispatcherOptions,
  MailSender,
  mailOutboxBox,
} from '@insyn/mail';
import { RegistryClock } from '@insyn/registry';
import { ContactRetention } from './contact-retention';
import { ErasedContactMail } from './erased-contact-mail';

export interface ConcernsWorkerOptions {
  contactSecret: string;
  sender: MailSender;
  log: Logger;
  retentionDays: number;
  clock?: RegistryClock;
  /** How often the mail outbox is polled. */
  pollIntervalMs?: number;
  /** How often contacts past their retention are erased. */
  retentionIntervalMs?: number;
  /** How often the `.eml` files of erased contacts are deleted (without SMTP). */
  mailFolderSweepIntervalMs?: number;
  mail?: MailDispatcherOptions;
}

/**
 * The worker as the configuration sets it up, in whichever process runs it (the API with the
 * embedded default, or the indexer in production): the contact secret, the mail sender (SMTP, or
 * `.eml` files in the data folder) and the retention, read from the same settings in both.
 */
export function concernsWorkerFor(
  dataSource: DataSource,
  config: InsynConfig,
  log: Logger,
  clock?: RegistryClock,
): ConcernsWorker {
  return new ConcernsWorker(dataSource, {
    contactSecret: resolveContactSecret(config),
    sender: createMailSender({
      smtpUrl: config.SMTP_URL,
      directory: mailFolderOf(config),
      from: config.INSYN_MAIL_FROM,
    }),
    log,
    retentionDays: config.INSYN_CONTACT_RETENTION_DAYS,
    clock,
  });
}

/** Where messages go without SMTP_URL: `mail` in the data folder, as an absolute path. */
const mailFolderOf = (config: InsynConfig): string => resolve(config.INSYN_DATA_DIR, 'mail');

/**
 * The start-up line on where residents' e-mail goes without SMTP_URL: `.eml` files in the data
 * folder. Info in the embedded default; a warning in production, where it means residents who
 * left an address are never told anything.
 */
export function logMailFolder(config: InsynConfig, log: Logger): void {
  if (config.SMTP_URL) return;
  const mailFolder = mailFolderOf(config);
  if (config.isProduction)
    log.warn(
      { mailFolder },
      `SMTP_URL is not set: e-mail to residents is not sent but written as .eml files into ${mailFolder}, so residents who left an address are told nothing (set SMTP_URL to send it)`,
    );
  else
    log.info(
      { mailFolder },
      `E-mail to residents is written as .eml files into ${mailFolder} (set SMTP_URL to send it)`,
    );
}

/**
 * The background work of concerns, in the worker process (or in-process with `npm start`): sends
 * the mail outbox, erases contacts past their retention and, without SMTP, deletes the `.eml`
 * files of erased contacts (this process writes them). One loop, polling; errors are logged and
 * retried, never thrown.
 */
export class ConcernsWorker {
  readonly mail: MailDispatcher;
  readonly retention: ContactRetention;
  /** The `.eml` files' erasure; none over SMTP (nothing is kept). */
  readonly erasedMail?: ErasedContactMail;
  private loop?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private nextRetentionAt = 0;
  private nextSweepAt = 0;
  private readonly failures: LoopFailureLog;

  constructor(
    dataSource: DataSource,
    private readonly options: ConcernsWorkerOptions,
  ) {
    this.mail = new MailDispatcher(
      dataSource,
      options.sender,
      mailOutboxBox(options.contactSecret),
      options.log,
      options.mail,
    );
    this.failures = new LoopFailureLog(options.log, 'concerns worker');
    this.retention = new ContactRetention(
      dataSource,
      options.clock ?? new RegistryClock(),
      options.retentionDays,
      options.log,
    );
    if (options.sender.folder)
      this.erasedMail = new ErasedContactMail(
        dataSource,
        options.sender.folder,
        options.contactSecret,
        options.log,
      );
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
    this.options.log.info({ mail: this.options.sender.destination }, 'concerns worker started');
  }

  /** Deletes the `.eml` files of erased contacts at once rather than at the next sweep. */
  sweepMailSoon(): void {
    this.nextSweepAt = 0;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    this.options.sender.close();
  }

  private async run(): Promise<void> {
    let errorDelay = 0;
    while (!this.stopping) {
      try {
        if (Date.now() >= this.nextRetentionAt) {
          await this.retention.eraseExpired();
          await this.mail.purgeSent();
          this.nextRetentionAt = Date.now() + (this.options.retentionIntervalMs ?? 3_600_000);
          this.nextSweepAt = 0; // the contacts just erased: their files too
        }
        const result = await this.mail.processBatch();
        if (this.erasedMail && Date.now() >= this.nextSweepAt) {
          // Apart from the mail: a file it cannot read or rename must not hold sending up.
          await this.erasedMail
            .sweep()
            .catch((error: unknown) =>
              this.options.log.warn(
                { err: error },
                'could not delete the .eml files of erased contacts; trying again at the next sweep',
              ),
            );
          this.nextSweepAt = Date.now() + (this.options.mailFolderSweepIntervalMs ?? 60_000);
        }
        this.failures.succeeded();
        errorDelay = 0;
        if (result.claimed) continue;
        await this.sleep(this.options.pollIntervalMs ?? 1_000);
      } catch (error) {
        if (this.stopping) break;
        errorDelay = Math.min(errorDelay ? errorDelay * 2 : 250, 30_000);
        this.failures.failed(error);
        await this.sleep(errorDelay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
