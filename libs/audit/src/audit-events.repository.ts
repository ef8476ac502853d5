import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BadInputError, cursorText, encodeCursorText } from '@insyn/errors';
import { AuditAction } from './audit-action';
import { CANONICAL_OCCURRED_AT_SQL } from './audit-chain';
import { AuditEventEntity } from './audit-event.entity';
import { AUDIT_CHAIN_LOCK } from './audit-log.service';

export interface AuditEventFilter {
  entryId?: string;
  departmentId?: string;
  /** Exact label of the actor. */
  actorLabel?: string;
  action?: AuditAction;
  /** From this instant on (inclusive). */
  since?: Date;
  /** Before this instant (exclusive). */
  until?: Date;
}

export interface AuditEventPageRequest {
  filter?: AuditEventFilter;
  first: number;
  /** A cursor from a previous page (its `cursors`), or undefined for the first page. */
  after?: string | null;
}

export interface AuditEventPage {
  events: AuditEventEntity[];
  /**
   * Each event's `occurred_at` as the hash covers it (UTC, microseconds; a Date keeps only
   * milliseconds), so that a reader of the page can recompute every hash.
   */
  occurredAtHashed: string[];
  /** One opaque cursor per event, to continue after it. */
  cursors: string[];
  hasNextPage: boolean;
}

/** The audit chain's head at the start of a day (null head: nothing was logged before it). */
export interface DailyChainHead {
  day: string;
  head: AuditChainHead | null;
}

/** The newest event of the audit chain: its hash seals every event before it. */
export interface AuditChainHead {
  eventId: string;
  /** SHA-256, lower-case hex. */
  hash: string;
  /** When the event occurred, in the chain's canonical form (UTC, microseconds). */
  occurredAt: string;
}

/**
 * Reads the audit log, newest first, keyset-paginated on the identity column (which only grows,
 * so cursors stay stable while events are appended). Every filter has an index `(column, id)`.
 */
@Injectable()
export class AuditEventsRepository {
  /**
   * Days' heads that can no longer change (see `headAtStartOf`), by day; a few days only, as
   * readers ask for today's.
   */
  private readonly settledHeads = new Map<string, AuditChainHead | null>();
  /** A day's head being read under the chain's lock: readers arriving meanwhile share it. */
  private readonly settling = new Map<string, Promise<AuditChainHead | null>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The head as it stood at the start of `day` (UTC): the public's head, one a day, the same all
   * day. The live head would time every unpublished step (a draft saved, a submission, a token
   * made), which the public may not learn; a day's checkpoint tells only how many there were.
   */
  async dailyHead(day: string): Promise<DailyChainHead> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
    if (this.settledHeads.has(day)) return { day, head: this.settledHeads.get(day) ?? null };
    let settling = this.settling.get(day);
    if (!settling) {
      settling = this.headAtStartOf(new Date(`${day}T00:00:00.000Z`))
        .then(({ head, settled }) => {
          if (settled) {
            this.settledHeads.set(day, head);
            for (const old of [...this.settledHeads.keys()].slice(0, -7))
              this.settledHeads.delete(old);
          }
          return head;
        })
        .finally(() => this.settling.delete(day));
      this.settling.set(day, settling);
    }
    return { day, head: await settling };
  }

  /**
   * The head as it stood just before `moment`, read on the primary under the chain's lock, and
   * whether it is settled: final, the same for every later reader. An event is stamped with the
   * database's clock once its writer holds the lock, and commits before the lock is let go; so
   * a write stamped just before `moment` may still be uncommitted when `moment` has passed, and
   * read without the lock the head would move when it commits (a day's public head changing
   * after midnight). Under the lock every such write has committed, and any later one is
   * stamped after now: once the database's clock has passed `moment`, nothing can come before it.
   */
  async headAtStartOf(moment: Date): Promise<{ head: AuditChainHead | null; settled: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
      // The clock read after the lock is taken: a later writer's stamp comes after it.
      const [{ settled }] = (await manager.query(
        `SELECT clock_timestamp() >= $1::timestamptz AS settled`,
        [moment],
      )) as { settled: boolean }[];
      const [head] = (await manager.query(
        `SELECT id::text AS "eventId", hash, ${CANONICAL_OCCURRED_AT_SQL('occurred_at')} AS "occurredAt"
           FROM audit_event WHERE occurred_at < $1 ORDER BY audit_event.id DESC LIMIT 1`,
        [moment],
      )) as AuditChainHead[];
      return { head: head ?? null, settled };
    });
  }

  /** The current head of the chain; null while the log is empty. Auditors' and admins' only. */
  async chainHead(): Promise<AuditChainHead | null> {
    const [head] = (await this.dataSource.query(
      `SELECT id::text AS "eventId", hash, ${CANONICAL_OCCURRED_AT_SQL('occurred_at')} AS "occurredAt"
         FROM audit_event ORDER BY audit_event.id DESC LIMIT 1`,
    )) as AuditChainHead[];
    return head ?? null;
  }

  async page(request: AuditEventPageRequest): Promise<AuditEventPage> {
    const filter = request.filter ?? {};
    const query = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('event')
      .orderBy('event.id', 'DESC')
      .limit(request.first + 1);
    if (filter.entryId) query.andWhere('event.entryId = :entryId', { entryId: filter.entryId });
    if (filter.departmentId) {
      query.andWhere('event.departmentId = :departmentId', { departmentId: filter.departmentId });
    }
    if (filter.actorLabel) {
      query.andWhere('event.actorLabel = :actorLabel', { actorLabel: filter.actorLabel });
    }
    if (filter.action) query.andWhere('event.action = :action', { action: filter.action });
    if (filter.since) query.andWhere('event.occurredAt >= :since', { since: filter.since });
    if (filter.until) query.andWhere('event.occurredAt < :until', { until: filter.until });
    // null, as a client sends for the first page, is no cursor.
    if (request.after !== undefined && request.after !== null) {
      query.andWhere('event.id < CAST(:afterId AS bigint)', {
        afterId: decodeCursor(request.after),
      });
    }
    query.addSelect(CANONICAL_OCCURRED_AT_SQL('event.occurred_at'), 'occurred_at_hashed');
    // No join: the raw rows and the entities are the same rows, in the same order.
    const { entities: rows, raw } = await query.getRawAndEntities<{ occurred_at_hashed: string }>();
    const events = rows.slice(0, request.first);
    return {
      events,
      occurredAtHashed: events.map((_, i) => raw[i].occurred_at_hashed),
      cursors: events.map((e) => encodeCursor(e.id)),
      hasNextPage: rows.length > request.first,
    };
  }
}

function encodeCursor(id: string): string {
  return encodeCursorText(`audit:${id}`);
}

/** Event ids are bigint: a cursor naming a larger number names no position. */
const MAX_EVENT_ID = 2n ** 63n - 1n;

function decodeCursor(cursor: string): string {
  const match = /^audit:([1-9][0-9]{0,18})$/.exec(cursorText(cursor) ?? '');
  if (!match || BigInt(match[1]) > MAX_EVENT_ID) {
    throw new BadInputError([
      { field: 'after', message: 'after is not a cursor returned by this list' },
    ]);
  }
  return match[1];
}
