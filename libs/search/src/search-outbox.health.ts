import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxLag, SearchOutboxRepository } from './indexer/search-outbox.repository';
import { withDeadline } from './public-search/public-search.service';

/** Past this age of the oldest pending outbox row, the index is reported as lagging. */
export const OUTBOX_LAG_DEGRADED_MS = 60_000;

/**
 * How long each check of /health waits (the database ping, Meilisearch, the outbox's figures): a
 * server that does not answer (a stalled disk, a network cut with no reset) must not keep
 * /health from answering.
 */
export const HEALTH_CHECK_TIMEOUT_MS = 1_500;

export interface SearchOutboxHealth extends OutboxLag {
  status: 'up' | 'down';
  message?: string;
}

/**
 * How far the search index lags behind the database: pending outbox rows, the age of the oldest,
 * and unresolved dead letters. `down` (a degraded search, not an outage of the registry) when the
 * oldest row is older than OUTBOX_LAG_DEGRADED_MS or a document is dead-lettered.
 */
@Injectable()
export class SearchOutboxHealthIndicator {
  private readonly outbox: SearchOutboxRepository;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.outbox = new SearchOutboxRepository(dataSource);
  }

  async check(): Promise<SearchOutboxHealth> {
    let lag: OutboxLag;
    try {
      lag = await withDeadline(HEALTH_CHECK_TIMEOUT_MS, () => this.outbox.lag());
    } catch {
      return {
        status: 'down',
        message: 'outbox unreadable',
        pending: 0,
        oldestPendingAgeMs: 0,
        deadLetters: 0,
      };
    }
    const problems: string[] = [];
    if (lag.oldestPendingAgeMs > OUTBOX_LAG_DEGRADED_MS)
      problems.push(`oldest pending change is ${Math.round(lag.oldestPendingAgeMs / 1000)} s old`);
    if (lag.deadLetters > 0) problems.push(`${lag.deadLetters} dead-lettered document(s)`);
    return problems.length
      ? { status: 'down', message: problems.join('; '), ...lag }
      : { status: 'up', ...lag };
  }
}
