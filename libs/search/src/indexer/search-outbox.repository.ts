import { DataSource } from 'typeorm';
import { SearchOutboxEntity } from '@insyn/outbox';

/** An outbox row this indexer holds a lease on. */
export interface ClaimedOutboxRow {
  id: string;
  entryId: string;
  attempts: number;
}

/** How far behind the index is. */
export interface OutboxLag {
  /** Rows not yet processed. */
  pending: number;
  /** Age of the oldest unprocessed row, in milliseconds (0 when none). */
  oldestPendingAgeMs: number;
  /** Dead letters no later success has resolved. */
  deadLetters: number;
}

const CLAIM_LOCK = 7_270_010; // fixed advisory lock id: claims are serialised (they take milliseconds)

/**
 * Advisory lock class of indexers' lifelines: an indexer's LISTEN connection holds the lock
 * (LIFELINE_LOCK_CLASS, its lifeline) while the process lives, and PostgreSQL lets it go when the
 * connection ends, a killed process's too (OutboxListener).
 */
export const LIFELINE_LOCK_CLASS = 7_270_011;

/** The lifelines whose indexer lives: their locks held (one read of the lock table). */
const ALIVE_LIFELINES_SQL = `SELECT objid::bigint AS lifeline FROM pg_locks
  WHERE locktype = 'advisory' AND classid = ${LIFELINE_LOCK_CLASS} AND objsubid = 2 AND granted`;

/**
 * Claims every pending row of up to `limit` ready rows' entries, skipping entries another worker
 * holds a lease on, so that one entry is never written by two workers at once (a slow worker
 * could otherwise overwrite a newer document with an older one). A lease holds until it ends,
 * unless its lifeline is dead: then its worker is gone (killed, its connection closed), and its
 * rows are claimed at once rather than up to a lease later. The MATERIALIZED steps keep
 * the plan linear even when the table's statistics are stale (a fresh or bursty outbox; an
 * inlined version took seconds on 400 pending rows). Each step reads by an index in proportion
 * to the batch and the rows in flight, not to the backlog: `busy` by search_outbox_leased_idx,
 * `ready` by search_outbox_pending_idx in order, `claimable` by search_outbox_pending_entry_idx.
 * `alive` reads the lock table once (a few microseconds with few locks).
 */
const CLAIM_SQL = `
WITH alive AS MATERIALIZED (
  ${ALIVE_LIFELINES_SQL}
), busy AS MATERIALIZED (
  SELECT DISTINCT entry_id FROM search_outbox
  WHERE processed_at IS NULL AND lease_until >= now()
    AND (lease_lifeline IS NULL OR lease_lifeline IN (SELECT lifeline FROM alive))
), ready AS MATERIALIZED (
  SELECT DISTINCT entry_id FROM (
    SELECT o.entry_id
    FROM search_outbox o
    WHERE o.processed_at IS NULL
      AND o.available_at <= now()
      AND o.entry_id NOT IN (SELECT entry_id FROM busy)
    ORDER BY o.available_at, o.id
    LIMIT $1
  ) first_rows
), claimable AS (
  SELECT o.id
  FROM search_outbox o
  WHERE o.processed_at IS NULL
    AND o.entry_id IN (SELECT entry_id FROM ready)
  FOR UPDATE OF o SKIP LOCKED
)
UPDATE search_outbox s
SET lease_until = now() + make_interval(secs => $2::double precision / 1000), lease_owner = $3,
    lease_lifeline = $4
FROM claimable
WHERE s.id = claimable.id
RETURNING s.id::text AS id, s.entry_id AS "entryId", s.attempts`;

/** Every query the indexer and the verify job run on search_outbox and search_dead_letter. */
export class SearchOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Leases ready rows (FOR UPDATE SKIP LOCKED) for `leaseMs` to `owner`; see CLAIM_SQL. Every
   * later step on them (mark, retry, release, dead letter) applies only while `owner` still
   * holds them: a worker whose lease ran out and whose rows another took over changes nothing.
   * `lifeline`: the key of the lock the worker's LISTEN connection holds (null: none).
   */
  async claim(
    limit: number,
    leaseMs: number,
    owner: string,
    lifeline: number | null = null,
  ): Promise<ClaimedOutboxRow[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
      // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
      const [rows] = (await manager.query(CLAIM_SQL, [limit, leaseMs, owner, lifeline])) as [
        { id: string; entryId: string; attempts: number }[],
        number,
      ];
      return rows.map((r) => ({ id: String(r.id), entryId: r.entryId, attempts: r.attempts }));
    });
  }

  /**
   * Extends the lease of rows `owner` still holds (before their documents are sent: a worker
   * that lost rows must not write them); returns the ids it still holds. Rows under a lifeline
   * no session holds any more (its LISTEN connection dropped, though the worker lives) are not
   * held: another worker may claim them at any moment, so they are left to the next claim.
   */
  async renew(ids: string[], leaseMs: number, owner: string): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const [rows] = (await this.dataSource.query(
      `UPDATE search_outbox
       SET lease_until = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id = ANY($1::bigint[]) AND lease_owner = $3 AND lease_until > now()
         AND processed_at IS NULL
         AND (lease_lifeline IS NULL OR lease_lifeline IN (${ALIVE_LIFELINES_SQL}))
       RETURNING id::text AS id`,
      [ids, leaseMs, owner],
    )) as [{ id: string }[], number];
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Done: the index reflects the entry as of after these rows were written. Only rows `owner`
   * still holds (each row is marked processed once, by one worker); returns how many.
   */
  async markProcessed(ids: string[], owner: string): Promise<number> {
    if (!ids.length) return 0;
    const [, count] = (await this.dataSource.query(
      `UPDATE search_outbox SET processed_at = now(), lease_until = NULL, last_error = NULL
       WHERE id = ANY($1::bigint[]) AND lease_owner = $2 AND processed_at IS NULL`,
      [ids, owner],
    )) as [unknown[], number];
    return count;
  }

  /** Gives rows back without counting an attempt (Meilisearch was unreachable, not the document). */
  async release(ids: string[], error: string, delayMs: number, owner: string): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(
      `UPDATE search_outbox SET lease_until = NULL, last_error = $2,
         available_at = now() + make_interval(secs => $3::double precision / 1000)
       WHERE id = ANY($1::bigint[]) AND lease_owner = $4 AND processed_at IS NULL`,
      [ids, error, delayMs, owner],
    );
  }

  /** Counts a failed attempt and makes the rows available again after `delayMs`. */
  async retryLater(ids: string[], error: string, delayMs: number, owner: string): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(
      `UPDATE search_outbox SET lease_until = NULL, last_error = $2, attempts = attempts + 1,
         available_at = now() + make_interval(secs => $3::double precision / 1000)
       WHERE id = ANY($1::bigint[]) AND lease_owner = $4 AND processed_at IS NULL`,
      [ids, error, delayMs, owner],
    );
  }

  /** Sets an entry's rows aside: one dead letter, the rows marked processed. */
  async deadLetter(
    rows: ClaimedOutboxRow[],
    attempts: number,
    error: string,
    owner: string,
  ): Promise<void> {
    if (!rows.length) return;
    const newest = rows.reduce((a, b) => (BigInt(a.id) > BigInt(b.id) ? a : b));
    await this.dataSource.transaction(async (manager) => {
      const [, count] = (await manager.query(
        `UPDATE search_outbox SET processed_at = now(), lease_until = NULL, attempts = $2,
           last_error = $3
         WHERE id = ANY($1::bigint[]) AND lease_owner = $4 AND processed_at IS NULL`,
        [rows.map((r) => r.id), attempts, `dead-lettered: ${error}`, owner],
      )) as [unknown[], number];
      // The rows were taken over: the other worker decides.
      if (!count) return;
      await manager.query(
        `INSERT INTO search_dead_letter (outbox_id, entry_id, attempts, error) VALUES ($1, $2, $3, $4)`,
        [newest.id, newest.entryId, attempts, error],
      );
    });
  }

  /**
   * Pending rows that could be claimed now, counted up to `cap` (sizes the indexer's batches).
   * Capped so that the count reads the first `cap` ready rows by the pending index, not the
   * whole backlog: it runs before every batch.
   */
  async readyCount(cap: number): Promise<number> {
    const [row]: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM (
         SELECT 1 FROM search_outbox
         WHERE processed_at IS NULL AND available_at <= now()
           AND (lease_until IS NULL OR lease_until < now())
         ORDER BY available_at, id
         LIMIT $1) ready`,
      [cap],
    );
    return Number(row.n);
  }

  /** A later success clears the entry's dead letters. */
  async resolveDeadLetters(entryIds: string[]): Promise<void> {
    if (!entryIds.length) return;
    await this.dataSource.query(
      `UPDATE search_dead_letter SET resolved_at = now()
       WHERE entry_id = ANY($1::uuid[]) AND resolved_at IS NULL`,
      [entryIds],
    );
  }

  async unresolvedDeadLetterEntryIds(): Promise<Set<string>> {
    const rows: { entry_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT entry_id FROM search_dead_letter WHERE resolved_at IS NULL',
    );
    return new Set(rows.map((r) => r.entry_id));
  }

  /** Entries with outbox rows not yet processed (claimed or not). */
  async pendingEntryIds(): Promise<Set<string>> {
    const rows: { entry_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT entry_id FROM search_outbox WHERE processed_at IS NULL',
    );
    return new Set(rows.map((r) => r.entry_id));
  }

  /** Writes one row per entry (repairs, rebuild catch-up); wakes the indexers through the trigger. */
  async enqueue(entryIds: string[], reason: string): Promise<void> {
    for (let i = 0; i < entryIds.length; i += 1000) {
      const chunk = entryIds.slice(i, i + 1000);
      await this.dataSource
        .getRepository(SearchOutboxEntity)
        .insert(chunk.map((entryId) => ({ entryId, reason })));
    }
  }

  /** When the next pending row becomes claimable (null when nothing is pending). */
  async nextAvailableAt(): Promise<Date | null> {
    const [row]: { next: Date | null }[] = await this.dataSource.query(
      `SELECT min(GREATEST(available_at, COALESCE(lease_until, available_at))) AS next
       FROM search_outbox WHERE processed_at IS NULL`,
    );
    return row?.next ? new Date(row.next) : null;
  }

  async lag(): Promise<OutboxLag> {
    const [outbox]: { pending: string; oldest_ms: string | null }[] = await this.dataSource.query(
      `SELECT count(*) AS pending,
              EXTRACT(EPOCH FROM (now() - min(enqueued_at))) * 1000 AS oldest_ms
       FROM search_outbox WHERE processed_at IS NULL`,
    );
    const [dead]: { count: string }[] = await this.dataSource.query(
      'SELECT count(*) FROM search_dead_letter WHERE resolved_at IS NULL',
    );
    return {
      pending: Number(outbox.pending),
      oldestPendingAgeMs: Math.max(0, Math.round(Number(outbox.oldest_ms ?? 0))),
      deadLetters: Number(dead.count),
    };
  }

  /** Deletes processed rows older than `ageMs` (the outbox is a queue, not a history). */
  async purgeProcessed(ageMs: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM search_outbox WHERE id IN (
         SELECT id FROM search_outbox
         WHERE processed_at < now() - make_interval(secs => $1::double precision / 1000)
         LIMIT 10000)`,
      [ageMs],
    );
    return result[1] ?? 0;
  }
}
