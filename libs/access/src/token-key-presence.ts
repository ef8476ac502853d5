import { randomUUID } from 'node:crypto';
import { OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  recordTokenKeyAtStart,
  recordTokenKeySeen,
  recordTokenKeyStopped,
  TOKEN_KEY_CHANGED_MESSAGE,
  TOKEN_KEY_SEEN_EVERY_MS,
  tokenKeysDisagreeMessage,
} from './token-key-check';

/** Where a TokenKeyPresence says what it found (the process's log). */
export interface TokenKeyPresenceLog {
  warn(details: object, message: string): void;
}

const reasonOf = (error: unknown) => ({
  reason: error instanceof Error ? error.message : String(error),
});

/**
 * An API process's row in `token_key_check` (libs/access/src/token-key-check.ts): recorded at
 * start, with a warning when the key changed or other running processes have another; seen every
 * `everyMs` while the process runs (a warning when a process with another key appears); stopped
 * when the application closes. The bookkeeping never stops the API: what could not be recorded is
 * said at warn, and tried again at the next sighting.
 */
export class TokenKeyPresence implements OnModuleDestroy {
  readonly processId = randomUUID();
  private key?: string;
  private timer?: NodeJS.Timeout;
  private sighting?: Promise<void>;
  /** Other keys of running processes, as last counted: a warning only when there are more. */
  private otherLiveKeys = 0;

  constructor(
    private readonly db: DataSource,
    private readonly log: TokenKeyPresenceLog,
    private readonly everyMs = TOKEN_KEY_SEEN_EVERY_MS,
  ) {}

  async start(key: string): Promise<void> {
    if (this.key !== undefined) return;
    this.key = key;
    try {
      const found = await recordTokenKeyAtStart(this.db, this.processId, key);
      if (found.changed) this.log.warn({ tokenKey: 'changed' }, TOKEN_KEY_CHANGED_MESSAGE);
      this.warnOfOtherKeys(found.otherLiveKeys);
    } catch (error) {
      this.log.warn(reasonOf(error), 'the token key check could not record this API process');
    }
    this.timer = setInterval(() => this.see(), this.everyMs);
    this.timer.unref();
  }

  /** No longer counted as running (when it stopped cleanly; else once TOKEN_KEY_LIVE_MS passed). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sighting;
    if (this.key === undefined) return;
    this.key = undefined;
    await recordTokenKeyStopped(this.db, this.processId).catch((error: unknown) =>
      this.log.warn(
        reasonOf(error),
        'the token key check could not record this API process’s stop',
      ),
    );
  }

  /** Before the data source closes (its module closes it at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  private see(): void {
    const key = this.key;
    // One sighting at a time: a slow database does not pile them up.
    if (key === undefined || this.sighting) return;
    this.sighting = recordTokenKeySeen(this.db, this.processId, key)
      .then(
        (others) => this.warnOfOtherKeys(others),
        (error: unknown) =>
          this.log.warn(
            reasonOf(error),
            'the token key check could not record that this API process is running; will try again',
          ),
      )
      .finally(() => (this.sighting = undefined));
  }

  private warnOfOtherKeys(others: number): void {
    if (others > this.otherLiveKeys)
      this.log.warn(
        { tokenKey: 'disagrees', otherLiveKeys: others },
        tokenKeysDisagreeMessage(others),
      );
    this.otherLiveKeys = others;
  }
}
