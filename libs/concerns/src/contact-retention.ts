import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { cancelMail } from '@insyn/outbox';
import { RegistryClock } from '@insyn/registry';
import { concernMailReference } from './concern-mail-reference';
import { ConcernsRepository } from './concerns.repository';

const DAY_MS = 86_400_000;
/** Concerns erased per transaction. */
const BATCH = 200;

/**
 * Erases residents' contact e-mails `retentionDays` after their concern ended (ANSWERED, CLOSED
 * or REJECTED; a concern reopened for review waits until it ends again), with any unsent e-mail
 * of theirs, by the registry clock (tests move it). Run
 * periodically by the concerns worker; several workers may run at once (rows are skipped, not
 * waited for, when another holds them).
 */
export class ContactRetention {
  private readonly repository: ConcernsRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: RegistryClock,
    private readonly retentionDays: number,
    private readonly log?: Logger,
  ) {
    this.repository = new ConcernsRepository(dataSource);
  }

  /** Erases every contact now past its retention; returns how many. */
  async eraseExpired(): Promise<number> {
    const now = this.clock.now();
    const endedBefore = new Date(now.getTime() - this.retentionDays * DAY_MS);
    let total = 0;
    for (;;) {
      const erased = await this.dataSource.transaction(async (manager) => {
        const ids = await this.repository.eraseContactsEndedBefore(
          manager,
          endedBefore,
          now,
          BATCH,
        );
        await cancelMail(manager, ids.map(concernMailReference));
        return ids.length;
      });
      total += erased;
      if (erased < BATCH) break;
    }
    if (total) this.log?.info({ erased: total }, 'erased contact e-mails past their retention');
    return total;
  }
}
