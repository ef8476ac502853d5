import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { auditEventHash, GENESIS_HASH } from './audit-chain';
import { AUDIT_CHAIN_COLUMNS_SQL, AuditChainRow } from './audit-chain.sql';

/** Where the chain does not hold. */
export enum AuditChainProblem {
  /** The event's fields do not hash to its stored hash: it was changed after it was written. */
  CONTENT_CHANGED = 'CONTENT_CHANGED',
  /**
   * The event's `prev_hash` is not the hash of the event before it: an event before it was
   * removed, inserted or re-hashed.
   */
  LINK_BROKEN = 'LINK_BROKEN',
  /** A head kept from earlier (`expectedHead`) is no longer in the chain as it was. */
  KNOWN_HEAD_CHANGED = 'KNOWN_HEAD_CHANGED',
}

export interface AuditChainBreak {
  problem: AuditChainProblem;
  /** The event where the chain breaks. */
  eventId: string;
  /** What the chain expects there (a hash). */
  expected: string;
  /** What the event holds there (a hash, or `missing` for a known head that is gone). */
  found: string;
  /** The event before it, whose hash a link is checked against (null for the first). */
  previousEventId: string | null;
  /** One sentence for people, naming the event and what differs. */
  message: string;
}

/** A head someone kept: the chain must still hold this hash at this event. */
export interface KnownAuditChainHead {
  eventId: string;
  hash: string;
}

export interface AuditChainVerifyOptions {
  /** Events read per query (default 1,000). */
  pageSize?: number;
  /** Called after each page: events checked so far, of the total when the check began. */
  onProgress?: (checked: number, total: number) => void;
  /** Also check that this earlier head is still part of the chain. */
  expectedHead?: KnownAuditChainHead;
}

export interface AuditChainReport {
  /** True when every event hashes to its hash and links to the one before it. */
  intact: boolean;
  /** Events checked (those that existed when the check began). */
  checked: number;
  /** The last event checked. */
  head: { eventId: string; hash: string; occurredAt: string } | null;
  /** The first breaks, in chain order (at most MAX_REPORTED_BREAKS). */
  breaks: AuditChainBreak[];
  /** How many breaks there are in all. */
  breakCount: number;
}

const DEFAULT_PAGE_SIZE = 1_000;
const MAX_REPORTED_BREAKS = 20;

/**
 * Checks the whole audit chain, in id order, page by page (keyset on id, so it runs beside new
 * appends and holds no long transaction): each event's fields must hash to its `hash`, and its
 * `prev_hash` must be the `hash` of the event before it (`GENESIS_HASH` for the first). Events
 * appended after the check began are left for the next check. Outside Nest:
 * `new AuditChainVerifier(dataSource)`.
 */
@Injectable()
export class AuditChainVerifier {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verify(options: AuditChainVerifyOptions = {}): Promise<AuditChainReport> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const [bounds] = (await this.dataSource.query(
      `SELECT max(id)::text AS "lastId", count(*)::int AS total FROM audit_event`,
    )) as { lastId: string | null; total: number }[];
    const report: AuditChainReport = {
      intact: true,
      checked: 0,
      head: null,
      breaks: [],
      breakCount: 0,
    };
    const broken = (found: Omit<AuditChainBreak, 'message'>, message: string) => {
      report.intact = false;
      report.breakCount += 1;
      if (report.breaks.length < MAX_REPORTED_BREAKS) report.breaks.push({ ...found, message });
    };
    const known = options.expectedHead;
    let knownSeen = false;
    let previous: AuditChainRow | null = null;
    let after = '0';
    while (bounds.lastId !== null) {
      const rows = (await this.dataSource.query(
        `SELECT ${AUDIT_CHAIN_COLUMNS_SQL} FROM audit_event
          WHERE audit_event.id > $1 AND audit_event.id <= $2
          ORDER BY audit_event.id LIMIT $3`,
        [after, bounds.lastId, pageSize],
      )) as AuditChainRow[];
      if (!rows.length) break;
      for (const row of rows) {
        const expectedPrev = previous?.hash ?? GENESIS_HASH;
        if (row.prevHash !== expectedPrev) {
          broken(
            {
              problem: AuditChainProblem.LINK_BROKEN,
              eventId: row.id,
              expected: expectedPrev,
              found: row.prevHash,
              previousEventId: previous?.id ?? null,
            },
            previous
              ? `event ${row.id}: its prev_hash ${row.prevHash} is not the hash of event ${previous.id} before it (${expectedPrev}): an event between them was removed, inserted or re-hashed`
              : `event ${row.id}, the first: its prev_hash ${row.prevHash} is not the genesis hash (${GENESIS_HASH}): the events before it were removed`,
          );
        }
        const computed = auditEventHash(row);
        if (computed !== row.hash) {
          broken(
            {
              problem: AuditChainProblem.CONTENT_CHANGED,
              eventId: row.id,
              expected: computed,
              found: row.hash,
              previousEventId: previous?.id ?? null,
            },
            `event ${row.id}: its fields hash to ${computed}, but its stored hash is ${row.hash}: the event was changed after it was written`,
          );
        }
        if (known && row.id === known.eventId) {
          knownSeen = true;
          if (row.hash !== known.hash) {
            broken(
              {
                problem: AuditChainProblem.KNOWN_HEAD_CHANGED,
                eventId: row.id,
                expected: known.hash,
                found: row.hash,
                previousEventId: previous?.id ?? null,
              },
              `event ${row.id}: the known head's hash was ${known.hash}, the chain now has ${row.hash}: history up to it was rewritten`,
            );
          }
        }
        previous = row;
      }
      report.checked += rows.length;
      after = rows[rows.length - 1].id;
      options.onProgress?.(report.checked, bounds.total);
    }
    if (known && !knownSeen) {
      broken(
        {
          problem: AuditChainProblem.KNOWN_HEAD_CHANGED,
          eventId: known.eventId,
          expected: known.hash,
          found: 'missing',
          previousEventId: null,
        },
        `event ${known.eventId} of the known head is not in the chain: it was removed`,
      );
    }
    report.head = previous && {
      eventId: previous.id,
      hash: previous.hash,
      occurredAt: previous.occurredAt,
    };
    return report;
  }
}
