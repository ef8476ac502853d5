import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, ANONYMOUS, TokenActor } from '@insyn/access';
import { prepared } from '@insyn/database';
import { BadInputError, cursorText, encodeCursorText, isAcceptableText } from '@insyn/errors';
import { departmentColumnsSql, departmentOfRow } from '../departments/department-columns';
import { DepartmentEntity } from '../departments/department.entity';
import { EntryRelationEntity } from '../relations/entry-relation.entity';
import { EntryListView, EntryOrder, EntryPageRequest } from './entry-list-options';
import { filterSql, FilterSqlContext, lifecycleStageSql } from './entry-filter.sql';
import { EntryRegistrationEntity } from './entry-registration.entity';
import { EntryVersionEntity } from './entry-version.entity';
import { WithheldInformation } from './entry-content';
import { EntryStatus, RelationType } from './entry-enums';
import { ContentRoots, EntryView, VIEW_VERSION_COLUMNS, ViewVersion } from './entry-view';
import { ENTRY_FIELDS } from '../catalogue/entry-field-catalogue';
import { EntryEntity } from './entry.entity';
import { AsOfPart, EntryVisibilityPolicy } from '../visibility/entry-visibility.policy';

interface Cursor {
  key: string;
  id: string;
}

/** Raw row: the entry and the version this actor may see, joined in SQL. */
type VisibleRow = { entry: EntryEntity; version: ViewVersion };

/**
 * Every read of registry entries. What each actor may see is the visibility policy's to say; this
 * repository asks it for the version to join, the status and the filter columns, and builds every
 * view through it. A draft cannot be reached by id, slug, list or relation without passing
 * through this join.
 */
@Injectable()
export class EntriesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: EntryVisibilityPolicy,
  ) {}

  async findOne(
    actor: Actor,
    by: { id?: string; slug?: string },
    manager?: EntityManager,
  ): Promise<EntryView | null> {
    const qb = this.visible(actor, manager);
    if (by.id !== undefined) {
      if (!UUID.test(by.id)) return null;
      qb.andWhere('e.id = :id', { id: by.id });
    }
    if (by.slug !== undefined) {
      if (!isEntrySlug(by.slug)) return null;
      qb.andWhere('e.slug = :slug', { slug: by.slug });
    }
    const [view] = await this.load(actor, qb);
    return view ?? null;
  }

  /**
   * Entries by id as this actor may see them (hidden and unknown ones left out), in no order. The
   * request loaders' batch (relations lead to it on every page): plain SQL, joining the version
   * `visible` joins (the policy's join) and reading the same columns, so the views are the ones
   * the query builder would give (the query builder cost more than the statement). With
   * `roots`, the views carry only those parts of the content (ContentRoots).
   */
  async findByIds(
    actor: Actor,
    ids: readonly string[],
    roots?: ContentRoots,
  ): Promise<EntryView[]> {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    if (!valid.length) return [];
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      prepared(`SELECT ${ENTRY_COLUMNS_SQL}, ${viewVersionColumnsSql(roots)}
         FROM "entry" e JOIN "entry_version" v ON ${this.policy.versionJoinSql(actor)}
        WHERE e.id = ANY(CAST(:ids AS uuid[]))`),
      { ...this.policy.sqlParameters(actor), ...omittedRootsOf(roots), ids: valid },
    );
    const rows: VisibleSqlRow[] = await this.dataSource.query(sql, parameters);
    return rows.map((row) =>
      withRoots(this.policy.view(actor, entryOfRow(row), viewVersionOfRow(row)), roots),
    );
  }

  /**
   * The rows a list request selects, before order and cursor: the reader's view (the published
   * view and as-of read as the public does), the filter, and the default leaving out RETIRED.
   */
  private filtered(
    actor: Actor,
    request: Omit<EntryPageRequest, 'orderBy' | 'first'>,
    ordered = false,
    part?: AsOfPart,
  ) {
    const reader: Actor =
      request.view === EntryListView.PUBLISHED || request.asOf ? ANONYMOUS : actor;
    const qb = this.visible(reader, undefined, request.asOf, ordered);
    // The actor's own rights still decide what a staff-only filter (pending drafts) may know.
    qb.setParameters(this.policy.sqlParameters(actor));
    const status = request.asOf ? this.policy.asOfStatusSql() : this.policy.statusSql(reader);
    const context: FilterSqlContext = {
      column: (name) =>
        request.asOf
          ? this.policy.asOfFilterColumnSql(name, request.asOf)
          : this.policy.filterColumnSql(reader, name),
      facts: request.asOf ? this.policy.asOfFactsSql(request.asOf) : this.policy.factsSql(reader),
      status,
      statusIn: (statuses, list) =>
        request.asOf
          ? this.policy.asOfStatusInSql(statuses)
          : this.policy.statusInSql(reader, statuses, list),
      updatedAt: request.asOf ? this.policy.asOfUpdatedAtSql(part) : this.policy.updatedAtSql(),
      factWithheld: (fact) =>
        request.asOf
          ? this.policy.asOfFactWithheldSql(fact, request.asOf)
          : this.policy.factWithheldSql(reader, fact),
      pendingDraft: this.policy.pendingDraftSql(actor),
      today: this.policy.today(),
    };
    const { where, params } = filterSql(request.filter, context);
    qb.andWhere(`(${where})`, params);
    // Retired entries stay readable but leave the default listing; ask for RETIRED to see them.
    if (!request.filter.statuses?.length) qb.andWhere(`${status} <> 'RETIRED'`);
    if (part)
      qb.andWhere(
        `(${part === 'retired' ? this.policy.asOfRetiredSql() : this.policy.asOfLiveSql()})`,
      );
    return { qb, reader, column: context.column, updatedAt: context.updatedAt };
  }

  /** How many entries a list request selects (all pages). */
  count(
    actor: Actor,
    request: Omit<EntryPageRequest, 'orderBy' | 'first' | 'after'>,
  ): Promise<number> {
    return this.filtered(actor, request).qb.getCount();
  }

  /**
   * Counts of the entries a request selects, grouped by the given dimensions, computed in SQL
   * from what this reader may see (an entry counts once per principle when grouped by principle).
   */
  async stats(
    actor: Actor,
    request: Omit<EntryPageRequest, 'orderBy' | 'first' | 'after'>,
    groupBy: readonly StatsDimension[],
  ): Promise<{ group: Partial<Record<StatsDimension, string | null>>; count: number }[]> {
    const { qb, reader, column } = this.filtered(actor, request);
    const status = request.asOf ? this.policy.asOfStatusSql() : this.policy.statusSql(reader);
    const expression: Record<StatsDimension, string> = {
      DEPARTMENT: 'sd.slug',
      PRINCIPLE: 'sp.code',
      KIND: 'e.kind',
      STATUS: status,
      RISK_CLASS: column('riskClass'),
      AI_ACT_CLASS: column('aiActClass'),
      PERSONAL_DATA: column('personalData'),
      LIFECYCLE: lifecycleStageSql(column('lifecycleStage'), status),
    };
    if (groupBy.includes('DEPARTMENT'))
      qb.innerJoin(DepartmentEntity, 'sd', 'sd.id = e.department_id');
    // The rows with their dimensions (a principle per row), then counted per group around them.
    qb.select('e.id', 'entry_id');
    groupBy.forEach((dimension, i) =>
      qb.addSelect(
        dimension === 'PRINCIPLE' ? `unnest(${column('principleCodes')})` : expression[dimension],
        `g${i}`,
      ),
    );
    const [inner, params] = qb.getQueryAndParameters();
    const groups = groupBy.map((_, i) => `g${i}`).join(', ');
    const rows = (await this.dataSource.query(
      `SELECT ${groups}, count(DISTINCT entry_id)::int AS count FROM (${inner}) rows
       GROUP BY ${groups} ORDER BY ${groups}`,
      params,
    )) as Record<string, string | number | null>[];
    return rows.map((row) => ({
      count: Number(row.count),
      group: Object.fromEntries(groupBy.map((d, i) => [d, row[`g${i}`] as string | null])),
    }));
  }

  /**
   * One page of entries, keyset-paginated so cursors stay stable while entries are added.
   * `actorsViews`: the views are exactly what `findByIds(actor)` returns for these entries (the
   * actor's own view, not the published view or an as-of view), so a caller may reuse them.
   */
  async page(
    actor: Actor,
    request: EntryPageRequest,
    readAlong: PageReadAlong = {},
  ): Promise<{
    views: EntryView[];
    cursors: string[];
    hasNextPage: boolean;
    actorsViews: boolean;
    /** The entries' departments, when `readAlong.departments` (actor's views only). */
    departments: DepartmentEntity[];
  }> {
    const byTitle = request.orderBy === EntryOrder.TITLE_ASC;
    // As of a moment, newest first: the entries retired by then (by their retirement) and the
    // others (by their version's publication), each read in its index's order and merged here;
    // a part the status filter rules out is not read (the default list leaves out RETIRED).
    const statuses = request.filter.statuses ?? [];
    const parts: (AsOfPart | undefined)[] =
      request.asOf && !byTitle
        ? (['retired', 'live'] as const).filter((part) =>
            statuses.length
              ? statuses.includes(part === 'retired' ? EntryStatus.RETIRED : EntryStatus.PUBLISHED)
              : part === 'live',
          )
        : [undefined];
    let reader: Actor = actor;
    let rows: PageRowOf[] = [];
    for (const part of parts) {
      const read = await this.pageRows(actor, request, part, readAlong);
      reader = read.reader;
      rows.push(...read.rows);
    }
    if (parts.length > 1) rows = rows.sort(newestFirst).slice(0, request.first + 1);
    const shown = rows.slice(0, request.first);
    const views = shown.map(({ entry, version, withheld }) =>
      withRoots(
        request.asOf
          ? this.policy.asOfView(entry, version, request.asOf, withheld)
          : this.policy.view(reader, entry, version),
        readAlong.contentRoots,
      ),
    );
    const departments = new Map<string, DepartmentEntity>();
    for (const { department } of shown) if (department) departments.set(department.id, department);
    return {
      views,
      cursors: shown.map(({ entry, key }) => encodeCursor(request.orderBy, { key, id: entry.id })),
      hasNextPage: rows.length > request.first,
      actorsViews: reader === actor && !request.asOf,
      departments: [...departments.values()],
    };
  }

  /** Up to `first + 1` rows of a page (of one part of an as-of list), in the list's order. */
  private async pageRows(
    actor: Actor,
    request: EntryPageRequest,
    part: AsOfPart | undefined,
    wanted: PageReadAlong,
  ): Promise<{ reader: Actor; rows: PageRowOf[] }> {
    const { qb, reader, column, updatedAt } = this.filtered(actor, request, true, part);
    // Only for the actor's own views (those `actorsViews` names): not the public's list read by
    // staff, nor a list as of a moment.
    const readAlong = reader === actor && !request.asOf ? wanted : {};
    // Plain rows, made into views as findByIds makes them (the same columns): the query
    // builder's entity hydration cost more than the statement. Whatever the reader, only the
    // parts of the content the request will use (ContentRoots), when it says which.
    const roots = wanted.contentRoots;
    qb.select(ENTRY_COLUMNS_SQL)
      .addSelect(viewVersionColumnsSql(roots))
      .setParameters(omittedRootsOf(roots));
    // Read along in the same statement rather than in one more each: a statement's round trip
    // costs the API more than these columns (issue 14's auditor page).
    if (readAlong.departments)
      qb.leftJoin(DepartmentEntity, 'pd', 'pd.id = e.department_id').addSelect(
        departmentColumnsSql('pd', 'pd_'),
      );

    // Each order and its keyset cursor are written exactly as an index holds them (migrations
    // 1765200000000 and 1765400810000), so a page reads its rows in order from the index instead
    // of sorting the register: newest first by entry_version (updated_at, entry_id), read
    // backwards (as of a moment: by (published_at, entry_id), and the retired entries by entry
    // (retired_at, id); see asOfUpdatedAtSql); titles in Swedish alphabetical order (å, ä, ö
    // after z) by the ICU collation the migrations create, then entry_id. The visible version's
    // entry_id is the entry's id: ties break by entry id.
    const byTitle = request.orderBy === EntryOrder.TITLE_ASC;
    const key = byTitle ? `(${column('title')} COLLATE ${TITLE_COLLATION})` : updatedAt;
    const id = part === 'retired' ? 'e.id' : 'v.entry_id';
    const direction = byTitle ? 'ASC' : 'DESC';
    if (request.after !== undefined && request.after !== null) {
      const cursor = decodeCursor(request.after, request.orderBy);
      const param = byTitle
        ? `(CAST(:cursorKey AS text) COLLATE ${TITLE_COLLATION})`
        : 'CAST(:cursorKey AS timestamptz)';
      qb.andWhere(
        new Brackets((w) =>
          w.where(`(${key}, ${id}) ${byTitle ? '>' : '<'} (${param}, CAST(:cursorId AS uuid))`, {
            cursorKey: byTitle ? cursor.key : timestampOfMicroseconds(cursor.key),
            cursorId: cursor.id,
          }),
        ),
      );
    }
    // The cursor's key: the title, or the instant in whole microseconds since the epoch (exact:
    // PostgreSQL keeps timestamps in microseconds, and extract returns a numeric).
    qb.addSelect(byTitle ? key : microsecondsSql(updatedAt), 'sort_key');
    // As of a moment, what is withheld from each entry today is withheld from its view then too.
    if (request.asOf) qb.addSelect(this.policy.publishedWithheldSql(), 'withheld_now');
    qb.orderBy(key, direction);
    qb.addOrderBy(id, direction);
    qb.limit(request.first + 1);

    const raw: (VisibleSqlRow & PageRow)[] = await qb.getRawMany();
    return {
      reader,
      rows: raw.map((row) => ({
        entry: entryOfRow(row),
        version: viewVersionOfRow(row),
        key: String(row.sort_key),
        withheld: row.withheld_now ?? null,
        department: readAlong.departments ? departmentOfRow(row, 'pd_') : null,
      })),
    };
  }

  /**
   * Entries this actor may see, in id order after `afterId`: a keyset that stays stable while
   * entries are published or edited meanwhile (exports page through the whole register with it).
   * Retired entries are included; `kinds` narrows, and so does `idRange` (ids from `from`,
   * before `before`: a share of the register that stays the same while it grows, as the sitemap
   * splits it).
   */
  async pageById(
    actor: Actor,
    request: {
      kinds?: readonly string[];
      afterId?: string;
      first: number;
      idRange?: { from?: string; before?: string };
      /** Only these parts of the content (ContentRoots); default all. */
      roots?: ContentRoots;
    },
  ): Promise<EntryView[]> {
    const { roots } = request;
    // Plain rows, made into views as findByIds makes them: the query builder's entity
    // hydration cost more than the statement (an export or sitemap reads the whole register).
    const qb = this.visible(actor, undefined, undefined, true)
      .select(ENTRY_COLUMNS_SQL)
      .addSelect(viewVersionColumnsSql(roots))
      .setParameters(omittedRootsOf(roots))
      // As the policy writes it for this reader: for the public, no condition at all, so the
      // planner walks the primary key in id order (estimating the CASE at 1 %, it read and
      // sorted every remaining row for each page: quadratic over a whole export).
      .andWhere(this.policy.statusInSql(actor, Object.values(EntryStatus), '(:...statuses)'), {
        statuses: Object.values(EntryStatus),
      })
      .orderBy('e.id', 'ASC')
      .limit(request.first);
    if (request.kinds?.length) qb.andWhere('e.kind IN (:...kinds)', { kinds: request.kinds });
    if (request.afterId !== undefined) {
      if (!UUID.test(request.afterId))
        throw new BadInputError([{ field: 'after', message: 'after must be an entry id' }]);
      qb.andWhere('e.id > CAST(:afterId AS uuid)', { afterId: request.afterId });
    }
    const { from, before } = request.idRange ?? {};
    if ([from, before].some((id) => id !== undefined && !UUID.test(id)))
      throw new BadInputError([{ field: 'idRange', message: 'an id range is of entry ids' }]);
    if (from !== undefined) qb.andWhere('e.id >= CAST(:idFrom AS uuid)', { idFrom: from });
    if (before !== undefined) qb.andWhere('e.id < CAST(:idBefore AS uuid)', { idBefore: before });
    const rows: VisibleSqlRow[] = await qb.getRawMany();
    return rows.map((row) =>
      withRoots(this.policy.view(actor, entryOfRow(row), viewVersionOfRow(row)), roots),
    );
  }

  /**
   * Every entry this actor may see (of `request`), page by page of `pageSize` in id order: the
   * keyset walk of `pageById` that exports and the sitemap read the whole register with, so
   * memory stays flat whatever its size.
   */
  async *pagesById(
    actor: Actor,
    request: Omit<Parameters<EntriesRepository['pageById']>[1], 'afterId' | 'first'> & {
      pageSize: number;
    },
  ): AsyncGenerator<EntryView[]> {
    const { pageSize, ...narrowing } = request;
    let afterId: string | undefined;
    for (;;) {
      const views = await this.pageById(actor, { ...narrowing, afterId, first: pageSize });
      if (!views.length) return;
      yield views;
      if (views.length < pageSize) return;
      afterId = views[views.length - 1].entry.id;
    }
  }

  /**
   * What the public register's freshness depends on: how many entries the public sees (per
   * kind), and the last moment its public view changed — the newest publication or retirement,
   * or the start of the latest day on which a withholding ended (the field became public that
   * day). One statement, each part served by an index of 1765400000000-index-public-freshness
   * (whose expressions it repeats word for word): the count per kind by an index-only scan, the
   * newest change by one index probe, the ended withholdings through the few versions that have a
   * dated one.
   */
  async publicFreshness(): Promise<{
    entries: number;
    byKind: Record<string, number>;
    lastModified: Date | null;
  }> {
    const rows: { kind: string; n: number; changed: Date | null; expired: string | null }[] =
      await this.dataSource.query(
        `SELECT f.kind, f.n,
                (SELECT max(greatest(c.last_published_at, c.retired_at))
                   FROM entry c
                  WHERE c.published_version_id IS NOT NULL) AS changed,
                (SELECT max((u #>> '{}')::date + 1)::text
                   FROM entry_version pv
                   JOIN entry pe ON pe.published_version_id = pv.id
                  CROSS JOIN LATERAL jsonb_path_query(pv.content->'withheld', '$[*].until') u
                  WHERE pv.content->'withheld' @? '$[*].until'
                    AND (u #>> '{}')::date < CAST($1 AS date)) AS expired
           FROM (SELECT e.kind, count(*)::int AS n
                   FROM entry e
                  WHERE e.published_version_id IS NOT NULL
                  GROUP BY e.kind) f`,
        [this.policy.today()],
      );
    // Every row carries the same two times (or there is no row: nothing is published).
    const [first] = rows;
    const known = [
      first?.changed ? new Date(first.changed).getTime() : null,
      first?.expired ? new Date(`${first.expired}T00:00:00.000Z`).getTime() : null,
    ].filter((t): t is number => t !== null);
    const lastModified = known.length ? new Date(Math.max(...known)) : null;
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
    const entries = rows.reduce((sum, r) => sum + r.n, 0);
    return { entries, byKind, lastModified };
  }

  /**
   * What the public links' freshness depends on (the exports carry them): how many links join two
   * published entries, and the newest link or unlink event between two entries published now.
   * Only such links are counted: a link to a draft is no public change, and its time must not
   * show in a validator. A link made while an end was still a draft is older than that end's
   * publication, which publicFreshness already reads. Each event time is one backward walk of
   * `audit_event_action_idx` that stops at the first public one (usually the newest).
   */
  async publicLinksFreshness(): Promise<{ links: number; lastChanged: Date | null }> {
    const newest = (action: string) => `(SELECT a.occurred_at FROM audit_event a
          JOIN entry f ON f.id = a.entry_id
          JOIN entry t ON t.id = (a.details->>'toEntryId')::uuid
         WHERE a.action = '${action}'
           AND f.published_version_id IS NOT NULL AND t.published_version_id IS NOT NULL
         ORDER BY a.id DESC LIMIT 1)`;
    const [row]: { links: number; linked: Date | null; unlinked: Date | null }[] =
      await this.dataSource.query(
        `SELECT (SELECT count(*)::int FROM entry_relation r
                   JOIN entry f ON f.id = r.from_entry_id
                   JOIN entry t ON t.id = r.to_entry_id
                  WHERE f.published_version_id IS NOT NULL
                    AND t.published_version_id IS NOT NULL) AS links,
                ${newest('ENTRIES_LINKED')} AS linked,
                ${newest('ENTRIES_UNLINKED')} AS unlinked`,
      );
    const times = [row.linked, row.unlinked]
      .filter((t): t is Date => t !== null)
      .map((t) => new Date(t).getTime());
    return { links: row.links, lastChanged: times.length ? new Date(Math.max(...times)) : null };
  }

  /**
   * Relations touching any of the entries (both directions), oldest first (RELATION_ORDER_SQL),
   * whoever reads; and, in the same statement, the entry at the other end of each that is not
   * one of `entryIds`, as this actor may see it (null when hidden): the view `findByIds(actor)`
   * gives, through the same policy join and columns, with its department. A page's relations
   * then need no second statement (and round trip) for the entries they lead to, nor a third for
   * those entries' departments. With `roots`, those views carry only those parts of the content
   * (ContentRoots).
   */
  async relationsWithOthers(
    actor: Actor,
    entryIds: readonly string[],
    roots?: ContentRoots,
  ): Promise<{
    relations: EntryRelationEntity[];
    others: Map<string, EntryView | null>;
    /** The departments of the entries in `others`. */
    departments: DepartmentEntity[];
  }> {
    const ids = [...new Set(entryIds.filter((id) => UUID.test(id)))];
    const others = new Map<string, EntryView | null>();
    const departments = new Map<string, DepartmentEntity>();
    if (!ids.length) return { relations: [], others, departments: [] };
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      prepared(`SELECT ${RELATION_COLUMNS_SQL}, other.*, ${departmentColumnsSql('od', 'od_')}
         FROM ${relationsTouchingSql('CAST(:ids AS uuid[])')}
         LEFT JOIN LATERAL (
           SELECT ${ENTRY_COLUMNS_SQL}, ${viewVersionColumnsSql(roots)}
             FROM "entry" e JOIN "entry_version" v ON ${this.policy.versionJoinSql(actor)}
            WHERE e.id = r.other_id AND NOT r.other_asked
            -- At most one row anyway (e.id); the limit keeps the planner from turning this into
            -- a join over the whole register: one index probe per relation.
            LIMIT 1) other ON TRUE
         LEFT JOIN department od ON od.id = other."e_departmentId"
        ORDER BY ${RELATION_ORDER_SQL}`),
      { ...this.policy.sqlParameters(actor), ...omittedRootsOf(roots), ids },
    );
    const rows: (RelationSqlRow & VisibleSqlRow)[] = await this.dataSource.query(sql, parameters);
    const asked = new Set(ids);
    const relations = rows.map((row) => {
      const relation = relationOfRow(row);
      const otherId = asked.has(relation.fromEntryId) ? relation.toEntryId : relation.fromEntryId;
      if (!asked.has(otherId)) {
        // No version this actor may see: hidden, as findByIds leaves it out.
        const view = row.e_id
          ? withRoots(this.policy.view(actor, entryOfRow(row), viewVersionOfRow(row)), roots)
          : null;
        others.set(otherId, view);
        const department = view && departmentOfRow(row, 'od_');
        if (department) departments.set(department.id, department);
      }
      return relation;
    });
    return { relations, others, departments: [...departments.values()] };
  }

  /**
   * Whether `toId` is reached from `fromId` by following PART_OF links (the entry itself counts)
   * through entries this actor may see: what a refusal tells must not go beyond what the actor
   * could read. UNION, not UNION ALL: a cycle already stored still ends the walk.
   */
  async partOfReaches(
    manager: EntityManager,
    actor: Actor,
    fromId: string,
    toId: string,
  ): Promise<boolean> {
    const [sql, parameters] = manager.connection.driver.escapeQueryWithParameters(
      `WITH RECURSIVE above (id) AS (
         SELECT CAST(:fromId AS uuid)
         UNION
         SELECT r.to_entry_id FROM entry_relation r JOIN above ON r.from_entry_id = above.id
           JOIN "entry" e ON e.id = r.to_entry_id
          WHERE r.type = :type AND (${this.policy.versionSql(actor)}) IS NOT NULL
       )
       SELECT EXISTS (SELECT 1 FROM above WHERE id = CAST(:toId AS uuid)) AS reaches`,
      { ...this.policy.sqlParameters(actor), fromId, toId, type: RelationType.PART_OF },
    );
    const [row]: { reaches: boolean }[] = await manager.query(sql, parameters);
    return row.reaches;
  }

  /**
   * Whether publishing this entry would close a PART_OF cycle among public entries: the first of
   * the entries it is directly part of that leads back to it through public entries, or null.
   * The public graph is then all anyone may see of the hierarchy, whatever department reads it.
   */
  async partOfCycleOnPublication(manager: EntityManager, entryId: string): Promise<string | null> {
    const [row]: { start: string }[] = await manager.query(
      `WITH RECURSIVE above (start, id) AS (
         SELECT r.to_entry_id, r.to_entry_id FROM entry_relation r
           JOIN "entry" e ON e.id = r.to_entry_id
          WHERE r.from_entry_id = $1 AND r.type = $2 AND e.published_version_id IS NOT NULL
         UNION
         SELECT above.start, r.to_entry_id FROM entry_relation r
           JOIN above ON r.from_entry_id = above.id
           JOIN "entry" e ON e.id = r.to_entry_id
          WHERE r.type = $2 AND (e.published_version_id IS NOT NULL OR e.id = $1)
       )
       SELECT start FROM above WHERE id = $1 ORDER BY start LIMIT 1`,
      [entryId, RelationType.PART_OF],
    );
    return row?.start ?? null;
  }

  departmentBySlug(slug: string, manager?: EntityManager): Promise<DepartmentEntity | null> {
    return (manager ?? this.dataSource.manager).findOne(DepartmentEntity, { where: { slug } });
  }

  /** What a token's idempotency key registered, if anything. */
  registration(
    tokenId: string,
    idempotencyKey: string,
    manager?: EntityManager,
  ): Promise<EntryRegistrationEntity | null> {
    return (manager ?? this.dataSource.manager).findOne(EntryRegistrationEntity, {
      where: { tokenId, idempotencyKey },
    });
  }

  /**
   * The draft revisions of a version that this token, or another token of the same person,
   * saved (its registration or edits), oldest first: four eyes asks it when the version is
   * published. One statement on `entry_draft_revision_version_idx`; call it with the entry
   * locked (no revision of the version can be added meanwhile).
   */
  async revisionsSavedBy(
    manager: EntityManager,
    versionId: string,
    by: Pick<TokenActor, 'tokenId' | 'personId'>,
  ): Promise<{ revision: number; sameToken: boolean }[]> {
    const rows: { revision: number; same_token: boolean }[] = await manager.query(
      `SELECT revision, saved_by_token_id IS NOT DISTINCT FROM $2 AS same_token
         FROM entry_draft_revision
        WHERE version_id = $1 AND (saved_by_token_id = $2 OR saved_by_person_id = $3)
        ORDER BY revision`,
      [versionId, by.tokenId, by.personId],
    );
    return rows.map((r) => ({ revision: r.revision, sameToken: r.same_token }));
  }

  /**
   * The entry row locked for a write, with its working version, in one statement: null unless
   * this actor may see the entry (the policy's rule, as for every read). Callers check write
   * access and use what this returns instead of reading the entry again.
   */
  async lockForWrite(
    manager: EntityManager,
    actor: Actor,
    id: string,
  ): Promise<{ entry: EntryEntity; version: EntryVersionEntity } | null> {
    if (!UUID.test(id)) return null;
    // Both rows locked: after waiting for another writer, PostgreSQL re-reads the rows it locks,
    // so the version's content is the one that writer committed (with only the entry locked, the
    // stale version was kept and its edit lost).
    const read = () =>
      manager
        .getRepository(EntryEntity)
        .createQueryBuilder('e')
        .innerJoinAndMapOne(
          'e.visibleVersion',
          EntryVersionEntity,
          'w',
          'w.id = e.current_version_id',
        )
        .setLock('pessimistic_write', undefined, ['e', 'w'])
        .where('e.id = :id', { id })
        .getOne();
    // When that writer moved the entry to a new version (its first edit after publication), the
    // re-read row no longer joins and drops out: a new statement sees what it committed.
    const entry = (await read()) ?? (await read());
    if (!entry || this.policy.visibleVersionId(actor, entry) === null) return null;
    // The whole version row (not only what a view carries): writes start from it.
    const locked = entry as EntryEntity & { visibleVersion?: EntryVersionEntity };
    const version = locked.visibleVersion!;
    delete locked.visibleVersion;
    return { entry, version };
  }

  /**
   * Entries joined with the version this actor may see (or the public saw at `asOf`); `ordered`
   * for a page read in an index's order (see EntryVisibilityPolicy.versionJoinSql).
   */
  private visible(
    actor: Actor,
    manager?: EntityManager,
    asOf?: Date,
    ordered = false,
  ): SelectQueryBuilder<EntryEntity> {
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .innerJoinAndMapOne(
        'e.visibleVersion',
        EntryVersionEntity,
        'v',
        asOf ? this.policy.asOfVersionJoinSql() : this.policy.versionJoinSql(actor, ordered),
      )
      // Of the version, what a view carries (not the derived filter columns, which are large).
      .select('e')
      .addSelect(VIEW_VERSION_COLUMNS.map((column) => `v.${column}`))
      .setParameters(this.policy.sqlParameters(actor));
    if (asOf) qb.setParameter('asOf', asOf);
    return qb;
  }

  private async load(actor: Actor, qb: SelectQueryBuilder<EntryEntity>): Promise<EntryView[]> {
    const entries = await qb.getMany();
    return entries.map((entry) =>
      this.toView(actor, { entry, version: (entry as EntryWithVersion).visibleVersion! }),
    );
  }

  private toView(actor: Actor, { entry, version }: VisibleRow): EntryView {
    delete (entry as EntryWithVersion).visibleVersion;
    return this.policy.view(actor, entry, version);
  }
}

/** Every column of relation `r`, as `r_<property>`. */
const RELATION_COLUMNS_SQL = [
  'r.id AS "r_id"',
  'r.from_entry_id AS "r_fromEntryId"',
  'r.to_entry_id AS "r_toEntryId"',
  'r.type AS "r_type"',
  'r.department_id AS "r_departmentId"',
  'r.created_at AS "r_createdAt"',
  'r.created_by_label AS "r_createdByLabel"',
].join(', ');

type RelationSqlRow = Record<string, unknown>;

/**
 * The relations touching any of the entries an SQL expression gives (a `uuid[]`), as the FROM
 * item `r`: those from one of them, then those to one of them from another entry, each branch
 * read by its own index (`entry_relation_from_entry_id_to_entry_id_type_key`,
 * `entry_relation_to_idx`) at every size. Written as `from = ANY(…) OR to = ANY(…)`, the planner
 * read the whole table up to some tens of thousands of relations (at 10,000 entries: 0.6 of the
 * auditor page's 1.5 ms relations statement, against 0.2 by the indexes). Each branch also
 * names the relation's other end (`other_id`) and whether it is one of the given entries
 * (`other_asked`): working that out per row with `CASE … ANY(…)` in the join made the planner
 * take 2.6 ms over the statement at 2,000 entries, against 1.0 ms this way.
 */
const relationsTouchingSql = (ids: string): string => `(
  SELECT *, to_entry_id AS other_id, to_entry_id = ANY(${ids}) AS other_asked
    FROM entry_relation WHERE from_entry_id = ANY(${ids})
  UNION ALL
  SELECT *, from_entry_id, false
    FROM entry_relation WHERE to_entry_id = ANY(${ids}) AND from_entry_id <> ALL(${ids})
) r`;

/** Oldest first; relations made in one transaction share a time, and then go by id. */
const RELATION_ORDER_SQL = 'r.created_at, r.id';

/** The relation of a row: every column (the compiler says when the entity gains one). */
function relationOfRow(row: RelationSqlRow): EntryRelationEntity {
  const column = <K extends keyof EntryRelationEntity>(key: K) =>
    row[`r_${key}`] as EntryRelationEntity[K];
  return Object.assign(new EntryRelationEntity(), {
    id: column('id'),
    fromEntryId: column('fromEntryId'),
    toEntryId: column('toEntryId'),
    type: column('type'),
    departmentId: column('departmentId'),
    createdAt: column('createdAt'),
    createdByLabel: column('createdByLabel'),
  } satisfies Record<keyof EntryRelationEntity, unknown>);
}

/** A row of `findByIds`: the entry's columns (`e_…`) and the view's version columns (`v_…`). */
type VisibleSqlRow = Record<string, unknown>;

/** Every column of entry `e`, as `e_<property>`. */
const ENTRY_COLUMNS_SQL = [
  'e.id AS "e_id"',
  'e.slug AS "e_slug"',
  'e.kind AS "e_kind"',
  'e.department_id AS "e_departmentId"',
  'e.status AS "e_status"',
  'e.version AS "e_version"',
  'e.current_version_id AS "e_currentVersionId"',
  'e.published_version_id AS "e_publishedVersionId"',
  'e.first_published_at AS "e_firstPublishedAt"',
  'e.last_published_at AS "e_lastPublishedAt"',
  'e.retired_at AS "e_retiredAt"',
  'e.retirement_reason AS "e_retirementReason"',
  'e.created_at AS "e_createdAt"',
  'e.updated_at AS "e_updatedAt"',
].join(', ');

/** Every top-level part of an entry's content: the catalogue's roots. */
const CONTENT_ROOTS = Object.keys(ENTRY_FIELDS);

/**
 * The columns of version `v` that a view carries (VIEW_VERSION_COLUMNS), as `v_<property>`.
 * With `roots`, the content less every other root, named by the parameter `omittedRoots`
 * (omittedRootsOf): PostgreSQL drops them before the row is sent.
 */
function viewVersionColumnsSql(roots?: ContentRoots): string {
  return VIEW_VERSION_COLUMNS.map((column) =>
    roots && column === 'content'
      ? `(v.content - CAST(:omittedRoots AS text[])) AS "v_content"`
      : `v.${column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} AS "v_${column}"`,
  ).join(', ');
}

/** The parameter of viewVersionColumnsSql: the roots a read leaves out (never `withheld`). */
function omittedRootsOf(roots?: ContentRoots): { omittedRoots?: string[] } {
  if (!roots) return {};
  return { omittedRoots: CONTENT_ROOTS.filter((root) => root !== 'withheld' && !roots.has(root)) };
}

/** The view, marked as read with `roots` when it was. */
function withRoots(view: EntryView, roots?: ContentRoots): EntryView {
  return roots ? { ...view, contentRoots: roots } : view;
}

/** The entry of a `findByIds` row: every column (the compiler says when the entity gains one). */
function entryOfRow(row: VisibleSqlRow): EntryEntity {
  const column = <K extends keyof EntryEntity>(key: K) => row[`e_${key}`] as EntryEntity[K];
  return Object.assign(new EntryEntity(), {
    id: column('id'),
    slug: column('slug'),
    kind: column('kind'),
    departmentId: column('departmentId'),
    status: column('status'),
    version: column('version'),
    currentVersionId: column('currentVersionId'),
    publishedVersionId: column('publishedVersionId'),
    firstPublishedAt: column('firstPublishedAt'),
    lastPublishedAt: column('lastPublishedAt'),
    retiredAt: column('retiredAt'),
    retirementReason: column('retirementReason'),
    createdAt: column('createdAt'),
    updatedAt: column('updatedAt'),
  } satisfies Record<keyof EntryEntity, unknown>);
}

/** The version of a `findByIds` row: what a view carries, as the query builder would read it. */
function viewVersionOfRow(row: VisibleSqlRow): ViewVersion {
  const version = new EntryVersionEntity();
  for (const column of VIEW_VERSION_COLUMNS)
    (version as unknown as Record<string, unknown>)[column] = row[`v_${column}`];
  return version;
}

/** The ICU collation of Swedish titles (migration 1764500000000). */
const TITLE_COLLATION = 'insyn_sv';

/** What `stats` may group by. */
export type StatsDimension =
  | 'DEPARTMENT'
  | 'PRINCIPLE'
  | 'KIND'
  | 'STATUS'
  | 'RISK_CLASS'
  | 'AI_ACT_CLASS'
  | 'PERSONAL_DATA'
  | 'LIFECYCLE';

type EntryWithVersion = EntryEntity & { visibleVersion?: ViewVersion };

/** The raw columns a page reads beside the entities. */
type PageRow = {
  e_id: string;
  sort_key: string;
  withheld_now?: WithheldInformation[] | null;
};

/**
 * One row of a page: the entry, its visible version, its cursor key (and as of a moment, what is
 * withheld now); and what the page read along (PageReadAlong).
 */
interface PageRowOf {
  entry: EntryEntity;
  version: ViewVersion;
  key: string;
  withheld: WithheldInformation[] | null;
  department: DepartmentEntity | null;
}

/**
 * What a page of entries may read in its own statement, for a request that will ask for it: the
 * entries' departments (a join on the department's primary key; one statement less, and no
 * longer path: the statements that follow the page wait for it anyway). Published versions are
 * not read so: as a correlated subquery per entry the page's statement took longer than the
 * batched statement that runs beside the relations', and the page's answer came later.
 */
export interface PageReadAlong {
  departments?: boolean;
  /**
   * Not a reading along but a narrowing, for every reader and moment: only these parts of each
   * version's content (ContentRoots).
   */
  contentRoots?: ContentRoots;
}

/** Newest first by an updated-at key (microseconds), then by entry id, as the SQL orders them. */
function newestFirst(a: PageRowOf, b: PageRowOf): number {
  const [x, y] = [BigInt(a.key), BigInt(b.key)];
  if (x !== y) return x > y ? -1 : 1;
  return a.entry.id === b.entry.id ? 0 : a.entry.id > b.entry.id ? -1 : 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can be an entry id (unknown ids are 'not found', never a SQL error). */
export const isEntryId = (value: string): boolean => UUID.test(value);

/**
 * Whether a string can be an entry's slug (slugify's alphabet; a suffixed slug may hold `--`).
 * Anything else, a NUL byte or an undecodable path included, finds nothing without reaching
 * PostgreSQL, which refuses NUL.
 */
export const isEntrySlug = (value: string): boolean =>
  value.length <= 200 && /^[a-z0-9][a-z0-9-]*$/.test(value);

/**
 * A cursor names the order it belongs to, so a cursor of one order is refused by the other
 * instead of being compared with the wrong kind of key.
 */
function encodeCursor(order: EntryOrder, cursor: Cursor): string {
  return encodeCursorText(JSON.stringify([order, cursor.key, cursor.id]));
}

/** The updated-at key of a cursor: microseconds since the epoch of the visible version's change. */
const microsecondsSql = (updatedAt: string): string =>
  `(extract(epoch FROM ${updatedAt}) * 1000000)::bigint::text`;

/**
 * Updated-at keys are microseconds since the epoch: at most 16 digits (the years 1653 to 2286),
 * so that every key names a timestamp that JavaScript and PostgreSQL both hold exactly.
 */
const MICROSECONDS = /^-?\d{1,16}$/;

/** The exact instant of a microseconds key, as a timestamptz literal (`…T…:…:….ffffffZ`). */
function timestampOfMicroseconds(key: string): string {
  const micros = BigInt(key);
  // Floor division, also before 1970.
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const rest = micros - millis * 1000n;
  return new Date(Number(millis)).toISOString().replace('Z', `${String(rest).padStart(3, '0')}Z`);
}

function decodeCursor(value: string, order: EntryOrder): Cursor {
  try {
    const parts = JSON.parse(cursorText(value) ?? '') as unknown;
    // Exactly what encodeCursor writes: anything more is not one of ours.
    if (!Array.isArray(parts) || parts.length !== 3) throw new Error('not a cursor');
    const [cursorOrder, key, id] = parts as unknown[];
    // Title keys are compared with titles in SQL: they must be text PostgreSQL can hold.
    const keyFits =
      typeof key === 'string' &&
      (order === EntryOrder.TITLE_ASC
        ? key.length <= 400 && isAcceptableText(key)
        : MICROSECONDS.test(key));
    if (cursorOrder === order && keyFits && typeof id === 'string' && UUID.test(id))
      return { key: key as string, id };
  } catch {
    /* fall through */
  }
  throw new BadInputError([
    { field: 'after', message: 'after is not a cursor returned by this list in this order' },
  ]);
}
