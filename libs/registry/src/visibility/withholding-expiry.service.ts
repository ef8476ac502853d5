import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { enqueueSearchSync } from '@insyn/outbox';
import { EntryVersionEntity, VersionState } from '../entries/entry-version.entity';
import { EntryEntity } from '../entries/entry.entity';
import { RegistryClock } from './registry-clock';
import { versionColumnsOf } from './version-columns';

/** Versions refreshed per transaction, so a day with many expiries never holds a long lock. */
const BATCH = 200;

/**
 * Withholdings with an end date expire without anyone editing the entry, and review dates fall
 * due: once a day has passed a version's `withheldUntil` (the earlier of the two), this refreshes
 * its public filter columns and queues its search document (whose `reviewOverdue` changes), in
 * one transaction per batch. The reading surfaces project on today's date anyway;
 * this brings the stored, derived views (list filters, the search index) up to the same day.
 * The indexer calls `refreshIfNewDay` before each batch, so the work is done once a day.
 */
@Injectable()
export class WithholdingExpiryService {
  private refreshedOn?: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: RegistryClock,
  ) {}

  /** Runs `refresh` when the day changed since the last run (or on the first call). */
  async refreshIfNewDay(): Promise<number> {
    const today = this.clock.today();
    if (this.refreshedOn === today) return 0;
    const refreshed = await this.refresh();
    this.refreshedOn = today;
    return refreshed;
  }

  /** Refreshes every published version whose earliest withholding has ended; returns how many. */
  async refresh(): Promise<number> {
    const today = this.clock.today();
    let total = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        const due = await manager
          .getRepository(EntryVersionEntity)
          .createQueryBuilder('v')
          .innerJoinAndMapOne('v.entry', EntryEntity, 'e', 'e.id = v.entry_id')
          .where('v.withheld_until < CAST(:today AS date)', { today })
          .andWhere('v.state = :state', { state: VersionState.PUBLISHED })
          .orderBy('v.withheld_until')
          .limit(BATCH)
          .setLock('pessimistic_write', undefined, ['v'])
          .setOnLocked('skip_locked')
          .getMany();
        for (const version of due) {
          const entry = (version as EntryVersionEntity & { entry: EntryEntity }).entry;
          await manager.update(EntryVersionEntity, version.id, {
            ...versionColumnsOf(version.content, entry.kind, today),
            // No change of the version (TypeORM would stamp now): lists order by updated_at,
            // and neither search nor the feeds count a day's refresh as a change either.
            updatedAt: () => 'updated_at',
          });
          await enqueueSearchSync(manager, entry.id, 'withholding ended');
        }
        return due.length;
      });
      total += done;
      if (done < BATCH) return total;
    }
  }
}
