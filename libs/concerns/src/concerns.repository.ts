import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BadInputError, cursorText, encodeCursorText } from '@insyn/errors';
import {
  ANSWER_STANDS_STATUSES,
  ConcernAnswerSupersession,
  ConcernCategory,
  ConcernLanguage,
  ENDED_CONCERN_STATUSES,
  ConcernStatus,
  OPEN_CONCERN_STATUSES,
} from './concern-enums';
import { ConcernAnswerEntity } from './concern-answer.entity';
import { ConcernEntity } from './concern.entity';

/** A wording of a department's answer, as `addAnswer` records it. */
export interface NewConcernAnswer {
  concernId: string;
  departmentId: string;
  answer: string;
  /** The language it is written in. */
  language: ConcernLanguage;
  at: Date;
  /** The role of the person answering (EDITOR or ADMIN). */
  role: string;
}

/** Filters of the department list; every one given must match. */
export interface ConcernFilter {
  statuses?: ConcernStatus[];
  entryIds?: string[];
  categories?: ConcernCategory[];
  /** Filed at least this many days ago. */
  minAgeDays?: number;
  /** Filed at most this many days ago. */
  maxAgeDays?: number;
}

/** Who may be listed: one department's concerns, or every department's (null). */
export interface ConcernScope {
  departmentId: string | null;
}

export interface ConcernPage {
  concerns: ConcernEntity[];
  cursors: string[];
  hasNextPage: boolean;
}

export interface ConcernCounts {
  open: number;
  answered: number;
}

/** Auditors' figures of one department. */
export interface DepartmentConcernFigures {
  departmentId: string;
  filed: number;
  open: number;
  /** Whose answer stands now (ANSWERED, or CLOSED after an answer; see ANSWERED_NOW). */
  answered: number;
  /** Open again after an answer (reopened for review): counted in `open`, not in `answered`. */
  reopened: number;
  /** Median of the days from filing to the first response; null when nothing was responded to. */
  medianDaysToFirstResponse: number | null;
  /**
   * Of `answered`, those whose standing answer, in its current wording, was given within the
   * target days of filing: an answer given again after a reopening, or amended, counts from then.
   */
  answeredWithinTarget: number;
  openOverTarget: number;
}

/** How concerns are answered, in one department or city-wide. */
export interface ConcernResponseFigures {
  filed: number;
  open: number;
  /** Whose answer stands now (see ANSWERED_NOW). */
  answered: number;
  /** Days from filing to the first response (median, mean); null while none was responded to. */
  medianDaysToFirstResponse: number | null;
  averageDaysToFirstResponse: number | null;
  /** Open and filed longer ago than the answer target. */
  overdue: number;
}

const DAY_MS = 86_400_000;

/**
 * SQL: the concern's answer stands now (ANSWER_STANDS_STATUSES with an answer), `$1` being
 * ANSWER_STANDS_STATUSES. Not `answered_at IS NOT NULL`: that is "ever answered", and counted a
 * concern reopened after its answer as answered, with the earlier answer's time.
 */
const ANSWERED_NOW = `(status = ANY($1::text[]) AND answer IS NOT NULL)`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every query of concerns. Lists take the scope (a department, or all) so scoping cannot be
 * forgotten; the department list is keyset-paginated on (filed_at, id), newest first, and every
 * filter has an index that starts with its column and ends with (filed_at, id).
 */
@Injectable()
export class ConcernsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, concern: ConcernEntity): Promise<void> {
    await manager.insert(ConcernEntity, concern);
  }

  /**
   * Every wording of each concern's answer, newest first (none: an empty list). The earlier
   * answers are the superseded ones; the latest, while not superseded, is the concern's answer.
   */
  async answersByConcerns(
    concernIds: readonly string[],
  ): Promise<Map<string, ConcernAnswerEntity[]>> {
    const byConcern = new Map<string, ConcernAnswerEntity[]>(concernIds.map((id) => [id, []]));
    const ids = concernIds.filter((id) => UUID.test(id));
    if (!ids.length) return byConcern;
    const rows = await this.dataSource
      .getRepository(ConcernAnswerEntity)
      .createQueryBuilder('a')
      .where('a.concern_id IN (:...ids)', { ids })
      .orderBy('a.concern_id')
      .addOrderBy('a.number', 'DESC')
      .getMany();
    for (const row of rows) byConcern.get(row.concernId)?.push(row);
    return byConcern;
  }

  /**
   * Records a wording as the concern's latest answer, numbered after the ones before it. With
   * `supersedes`, the wording that stood until now is superseded, at the same time. Call with
   * the concern locked (`lockById`), so numbers are drawn one at a time.
   */
  async addAnswer(
    manager: EntityManager,
    answer: NewConcernAnswer,
    supersedes?: ConcernAnswerSupersession,
  ): Promise<void> {
    if (supersedes) await this.supersedeAnswer(manager, answer.concernId, answer.at, supersedes);
    await manager.query(
      `INSERT INTO concern_answer (id, concern_id, department_id, number, answer, language, answered_at, answered_by_role)
       SELECT gen_random_uuid(), $1, $2, coalesce(max(number), 0) + 1, $3, $4, $5, $6
         FROM concern_answer WHERE concern_id = $1`,
      [
        answer.concernId,
        answer.departmentId,
        answer.answer,
        answer.language,
        answer.at,
        answer.role,
      ],
    );
  }

  /** The language of the concern's standing wording, corrected (its text unchanged). */
  async relabelStandingAnswer(
    manager: EntityManager,
    concernId: string,
    language: ConcernLanguage,
  ): Promise<void> {
    await manager.query(
      'UPDATE concern_answer SET language = $2 WHERE concern_id = $1 AND superseded_at IS NULL',
      [concernId, language],
    );
  }

  /** The concern's latest wording is no longer its answer (amended, or the concern reopened). */
  async supersedeAnswer(
    manager: EntityManager,
    concernId: string,
    at: Date,
    because: ConcernAnswerSupersession,
  ): Promise<void> {
    await manager.query(
      `UPDATE concern_answer SET superseded_at = $2, superseded_because = $3
        WHERE concern_id = $1 AND superseded_at IS NULL`,
      [concernId, at, because],
    );
  }

  byTrackingHash(hash: string): Promise<ConcernEntity | null> {
    return this.dataSource
      .getRepository(ConcernEntity)
      .createQueryBuilder('c')
      .where('c.tracking_hash = :hash', { hash })
      .getOne();
  }

  /** The concern both a tracking code's and an erasure code's hash name (one concern's two). */
  byCodeHashes(trackingHash: string, erasureHash: string): Promise<ConcernEntity | null> {
    return this.dataSource
      .getRepository(ConcernEntity)
      .createQueryBuilder('c')
      .where('c.tracking_hash = :trackingHash AND c.erasure_hash = :erasureHash', {
        trackingHash,
        erasureHash,
      })
      .getOne();
  }

  /** The concern filed under a submission key's hash, with its tracking hash to compare. */
  bySubmissionHash(hash: string): Promise<ConcernEntity | null> {
    return this.dataSource
      .getRepository(ConcernEntity)
      .createQueryBuilder('c')
      .addSelect('c.trackingHash')
      .where('c.submission_hash = :hash', { hash })
      .getOne();
  }

  /** Whether an erasure code's hash names a concern (to tell a resident which code they gave). */
  async hasErasureHash(hash: string): Promise<boolean> {
    return this.dataSource
      .getRepository(ConcernEntity)
      .createQueryBuilder('c')
      .where('c.erasure_hash = :hash', { hash })
      .getExists();
  }

  /** The concern a resident's erasure code names, locked for the erasure. */
  lockByErasureHash(manager: EntityManager, hash: string): Promise<ConcernEntity | null> {
    return manager
      .getRepository(ConcernEntity)
      .createQueryBuilder('c')
      .where('c.erasure_hash = :hash', { hash })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** A concern locked for a department's response, with its sealed contact. */
  lockById(
    manager: EntityManager,
    id: string,
  ): Promise<(ConcernEntity & { contactSealed: Buffer | null }) | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return manager
      .getRepository(ConcernEntity)
      .createQueryBuilder('c')
      .addSelect('c.contactSealed')
      .where('c.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne() as Promise<(ConcernEntity & { contactSealed: Buffer | null }) | null>;
  }

  async page(
    scope: ConcernScope,
    request: { filter: ConcernFilter; first: number; after?: string | null; now: Date },
    options: { withContact: boolean },
  ): Promise<ConcernPage> {
    const { filter, now } = request;
    const qb = this.dataSource.getRepository(ConcernEntity).createQueryBuilder('c');
    if (options.withContact) qb.addSelect('c.contactSealed');
    if (scope.departmentId !== null)
      qb.andWhere('c.department_id = :departmentId', { departmentId: scope.departmentId });
    if (filter.statuses?.length)
      qb.andWhere('c.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.entryIds?.length) {
      const entryIds = filter.entryIds.filter((id) => UUID.test(id));
      if (!entryIds.length) return { concerns: [], cursors: [], hasNextPage: false };
      qb.andWhere('c.entry_id IN (:...entryIds)', { entryIds });
    }
    if (filter.categories?.length)
      qb.andWhere('c.category IN (:...categories)', { categories: filter.categories });
    // Ages in whole days, as people count them: filed 30 hours ago is 1 day old, so at most
    // N days old is filed after N + 1 days ago (at most 0: within the last 24 hours).
    if (filter.minAgeDays !== undefined)
      qb.andWhere('c.filed_at <= :filedBy', {
        filedBy: new Date(now.getTime() - filter.minAgeDays * DAY_MS),
      });
    if (filter.maxAgeDays !== undefined)
      qb.andWhere('c.filed_at > :filedAfter', {
        filedAfter: new Date(now.getTime() - (filter.maxAgeDays + 1) * DAY_MS),
      });
    // null, as a client sends for the first page, is no cursor.
    if (request.after !== undefined && request.after !== null) {
      const cursor = decodeCursor(request.after);
      qb.andWhere(
        '(c.filed_at, c.id) < (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))',
        {
          cursorAt: cursor.at,
          cursorId: cursor.id,
        },
      );
    }
    qb.orderBy('c.filed_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(request.first + 1);
    const rows = await qb.getMany();
    const concerns = rows.slice(0, request.first);
    return {
      concerns,
      cursors: concerns.map(encodeCursor),
      hasNextPage: rows.length > request.first,
    };
  }

  /**
   * Open and answered concerns of each entry (zeros for entries without any), by status, so no
   * concern counts twice: open is RECEIVED, ACKNOWLEDGED or UNDER_REVIEW (a reopened concern too,
   * though it holds an earlier answer); answered is ANSWERED, or CLOSED after an answer.
   */
  async countsByEntries(entryIds: readonly string[]): Promise<Map<string, ConcernCounts>> {
    const counts = new Map<string, ConcernCounts>(
      entryIds.map((id) => [id, { open: 0, answered: 0 }]),
    );
    if (!entryIds.length) return counts;
    const rows: { entry_id: string; open: string; answered: string }[] =
      await this.dataSource.query(
        `SELECT entry_id,
                count(*) FILTER (WHERE status = ANY($2::text[])) AS open,
                count(*) FILTER (
                  WHERE status = $3 OR (status = $4 AND answer IS NOT NULL)
                ) AS answered
         FROM concern WHERE entry_id = ANY($1::uuid[]) GROUP BY entry_id`,
        [entryIds, OPEN_CONCERN_STATUSES, ConcernStatus.ANSWERED, ConcernStatus.CLOSED],
      );
    for (const row of rows)
      counts.set(row.entry_id, { open: Number(row.open), answered: Number(row.answered) });
    return counts;
  }

  /**
   * The answered or rejected concerns of each entry, newest response first, at most `first` per
   * entry: what the public may read on the entry (the caller projects each one).
   */
  async publicByEntries(
    entryIds: readonly string[],
    first: number,
  ): Promise<Map<string, ConcernEntity[]>> {
    const byEntry = new Map<string, ConcernEntity[]>(entryIds.map((id) => [id, []]));
    if (!entryIds.length) return byEntry;
    const ranked = this.dataSource
      .getRepository(ConcernEntity)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .addSelect(
        'row_number() OVER (PARTITION BY c.entry_id ORDER BY c.status_changed_at DESC, c.id DESC)',
        'rank',
      )
      .where('c.entry_id IN (:...entryIds)')
      .andWhere('(c.answer IS NOT NULL OR c.status = :rejected)');
    const rows = await this.dataSource
      .getRepository(ConcernEntity)
      .createQueryBuilder('c')
      .innerJoin(`(${ranked.getQuery()})`, 'r', 'r.id = c.id')
      .where('r.rank <= :first')
      .setParameters({ entryIds, rejected: ConcernStatus.REJECTED, first })
      .orderBy('c.status_changed_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .getMany();
    for (const row of rows) byEntry.get(row.entryId)?.push(row);
    return byEntry;
  }

  /**
   * One page of an entry's public concerns (answered or rejected), as `publicByEntries` orders
   * them (newest response first): `first` of them, after the public concern `after` when given,
   * and whether more follow. Null when `after` is no public concern of this entry (another
   * entry's, a concern not public, or no id at all): a cursor the caller did not get here.
   */
  async publicPage(
    entryId: string,
    first: number,
    after?: string,
  ): Promise<{ concerns: ConcernEntity[]; hasMore: boolean } | null> {
    const isPublic = (alias: string) =>
      `(${alias}.answer IS NOT NULL OR ${alias}.status = :rejected)`;
    const qb = this.dataSource
      .getRepository(ConcernEntity)
      .createQueryBuilder('c')
      .where('c.entry_id = :entryId', { entryId, rejected: ConcernStatus.REJECTED })
      .andWhere(isPublic('c'))
      .orderBy('c.status_changed_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(first + 1);
    if (after !== undefined) {
      if (!UUID.test(after)) return null;
      const cursor = await this.dataSource
        .getRepository(ConcernEntity)
        .createQueryBuilder('k')
        .select('k.id')
        .where('k.id = :after AND k.entry_id = :entryId', { after, entryId })
        .andWhere(isPublic('k'), { rejected: ConcernStatus.REJECTED })
        .getOne();
      if (!cursor) return null;
      // The cursor's own time, compared in SQL: to the microsecond, as the order is.
      qb.andWhere(
        '(c.status_changed_at, c.id) < (SELECT k.status_changed_at, k.id FROM concern k WHERE k.id = :after)',
        { after },
      );
    }
    const rows = await qb.getMany();
    return { concerns: rows.slice(0, first), hasMore: rows.length > first };
  }

  /**
   * Response figures of one department, or of every department when `departmentId` is null,
   * computed in one aggregate (the compliance report's concern section).
   */
  async responseFigures(
    departmentId: string | null,
    now: Date,
    targetDays: number,
    manager?: EntityManager,
  ): Promise<ConcernResponseFigures> {
    const [r]: {
      filed: number;
      open: number;
      answered: number;
      median_days: number | string | null;
      average_days: number | string | null;
      overdue: number;
    }[] = await (manager ?? this.dataSource).query(
      `SELECT count(*)::int AS filed,
              count(*) FILTER (WHERE status = ANY($5::text[]))::int AS open,
              count(*) FILTER (WHERE ${ANSWERED_NOW})::int AS answered,
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY extract(epoch FROM first_response_at - filed_at) / 86400
              ) FILTER (WHERE first_response_at IS NOT NULL) AS median_days,
              avg(extract(epoch FROM first_response_at - filed_at) / 86400)
                FILTER (WHERE first_response_at IS NOT NULL) AS average_days,
              count(*) FILTER (
                WHERE status = ANY($5::text[]) AND filed_at < $3::timestamptz - make_interval(days => $2)
              )::int AS overdue
       FROM concern WHERE ($4::uuid IS NULL OR department_id = $4::uuid)`,
      [ANSWER_STANDS_STATUSES, targetDays, now, departmentId, OPEN_CONCERN_STATUSES],
    );
    const days = (v: number | string | null) =>
      v === null ? null : Math.round(Number(v) * 100) / 100;
    return {
      filed: r.filed,
      open: r.open,
      answered: r.answered,
      medianDaysToFirstResponse: days(r.median_days),
      averageDaysToFirstResponse: days(r.average_days),
      overdue: r.overdue,
    };
  }

  /** Figures per department, for auditors; "now" from the registry clock. */
  async figures(now: Date, targetDays: number): Promise<DepartmentConcernFigures[]> {
    const rows: {
      department_id: string;
      filed: string;
      open: string;
      answered: string;
      reopened: string;
      median_days: number | string | null;
      answered_within_target: string;
      open_over_target: string;
    }[] = await this.dataSource.query(
      // Every department, one without concerns with zeros (as its compliance report gives them),
      // in slug order as departments are listed.
      `SELECT d.id AS department_id,
              count(c.id) AS filed,
              count(*) FILTER (WHERE status = ANY($4::text[])) AS open,
              count(*) FILTER (WHERE ${ANSWERED_NOW}) AS answered,
              count(*) FILTER (WHERE status = ANY($4::text[]) AND answer IS NOT NULL) AS reopened,
              percentile_cont(0.5) WITHIN GROUP (
                ORDER BY extract(epoch FROM first_response_at - filed_at) / 86400
              ) FILTER (WHERE first_response_at IS NOT NULL) AS median_days,
              count(*) FILTER (
                WHERE ${ANSWERED_NOW}
                  AND coalesce(answer_amended_at, answered_at) <= filed_at + make_interval(days => $2)
              ) AS answered_within_target,
              count(*) FILTER (
                WHERE status = ANY($4::text[]) AND filed_at < $3::timestamptz - make_interval(days => $2)
              ) AS open_over_target
       FROM department d LEFT JOIN concern c ON c.department_id = d.id
       GROUP BY d.id, d.slug ORDER BY d.slug`,
      [ANSWER_STANDS_STATUSES, targetDays, now, OPEN_CONCERN_STATUSES],
    );
    return rows.map((r) => ({
      departmentId: r.department_id,
      filed: Number(r.filed),
      open: Number(r.open),
      answered: Number(r.answered),
      reopened: Number(r.reopened),
      medianDaysToFirstResponse:
        r.median_days === null ? null : Math.round(Number(r.median_days) * 100) / 100,
      answeredWithinTarget: Number(r.answered_within_target),
      openOverTarget: Number(r.open_over_target),
    }));
  }

  /**
   * Erases the contact of concerns that ended (answered, closed or rejected) before
   * `endedBefore` and have not been reopened since (at most `limit`, skipping rows another
   * worker holds); returns their ids.
   */
  async eraseContactsEndedBefore(
    manager: EntityManager,
    endedBefore: Date,
    at: Date,
    limit: number,
  ): Promise<string[]> {
    const [rows] = (await manager.query(
      `WITH due AS (
         SELECT id FROM concern
         WHERE contact_sealed IS NOT NULL AND ended_at < $1 AND status = ANY($2::text[])
         ORDER BY ended_at
         LIMIT $3
         FOR UPDATE SKIP LOCKED
       )
       UPDATE concern c SET contact_sealed = NULL, contact_erased_at = $4
       FROM due WHERE c.id = due.id
       RETURNING c.id`,
      [endedBefore, ENDED_CONCERN_STATUSES, limit, at],
    )) as [{ id: string }[], number];
    return rows.map((r) => r.id);
  }
}

function encodeCursor(concern: ConcernEntity): string {
  return encodeCursorText(JSON.stringify(['concern', concern.filedAt.toISOString(), concern.id]));
}

/**
 * An instant as `Date.toISOString` writes it, in the years 1000–9999: PostgreSQL has no year 0,
 * and no concern was filed before then.
 */
const ISO_INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeCursor(value: string): { at: string; id: string } {
  try {
    const parts = JSON.parse(cursorText(value) ?? '') as unknown;
    // Exactly what encodeCursor writes: three parts, the time as toISOString gives it. Date.parse
    // takes "2026-02-30" (as 2 March), which PostgreSQL refuses: a forged cursor was a 500.
    if (!Array.isArray(parts) || parts.length !== 3) throw new Error('not a cursor');
    const [kind, at, id] = parts as unknown[];
    if (
      kind === 'concern' &&
      typeof at === 'string' &&
      ISO_INSTANT.test(at) &&
      new Date(at).toISOString() === at &&
      typeof id === 'string' &&
      UUID.test(id)
    )
      return { at, id };
  } catch {
    /* fall through */
  }
  throw new BadInputError([
    { field: 'after', message: 'after is not a cursor returned by this list' },
  ]);
}
