import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor } from '@insyn/access';
import { BadInputError } from '@insyn/errors';
import { DepartmentEntity } from '../departments/department.entity';
import { EntryRelationEntity } from '../relations/entry-relation.entity';
import { EntryOrder, EntryPageRequest } from './entry-list-options';
import { FilterColumn } from '../catalogue';
import { EntryStatus } from './entry-enums';
import { EntryRegistrationEntity } from './entry-registration.entity';
import { EntryVersionEntity } from './entry-version.entity';
import { EntryView } from './entry-view';
import { EntryEntity } from './entry.entity';
import { EntryVisibilityPolicy } from '../visibility/entry-visibility.policy';

interface Cursor {
  key: string;
  id: string;
}

/** Raw row: the entry and the version this actor may see, joined in SQL. */
type VisibleRow = { entry: EntryEntity; version: EntryVersionEntity };

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
    if (by.slug !== undefined) qb.andWhere('e.slug = :slug', { slug: by.slug });
    const [view] = await this.load(actor, qb);
    return view ?? null;
  }

  async findByIds(actor: Actor, ids: readonly string[]): Promise<EntryView[]> {
    const valid = ids.filter((id) => UUID.test(id));
    if (!valid.length) return [];
    return this.load(actor, this.visible(actor).andWhere('e.id IN (:...ids)', { ids: valid }));
  }

  /** One page of entries, keyset-paginated so cursors stay stable while entries are added. */
  async page(
    actor: Actor,
    request: EntryPageRequest,
  ): Promise<{ views: EntryView[]; cursors: string[]; hasNextPage: boolean }> {
    const { filter } = request;
    const qb = this.visible(actor);
    const status = this.policy.statusSql(actor);
    const column = (name: FilterColumn) => this.policy.filterColumnSql(actor, name);

    if (filter.kinds?.length) qb.andWhere('e.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.departmentSlugs?.length) {
      qb.andWhere(
        `e.department_id IN (SELECT d.id FROM department d WHERE d.slug IN (:...departmentSlugs))`,
        {
          departmentSlugs: filter.departmentSlugs,
        },
      );
    }
    if (filter.principleCodes?.length)
      qb.andWhere(`${column('principleCodes')} && :principleCodes`, {
        principleCodes: filter.principleCodes,
      });
    if (filter.lifecycleStages?.length)
      qb.andWhere(`${column('lifecycleStage')} IN (:...stages)`, {
        stages: filter.lifecycleStages,
      });
    if (filter.riskClasses?.length)
      qb.andWhere(`${column('riskClass')} IN (:...riskClasses)`, {
        riskClasses: filter.riskClasses,
      });
    if (filter.aiActClasses?.length)
      qb.andWhere(`${column('aiActClass')} IN (:...aiActClasses)`, {
        aiActClasses: filter.aiActClasses,
      });
    if (filter.personalData?.length)
      qb.andWhere(`${column('personalData')} IN (:...personalData)`, {
        personalData: filter.personalData,
      });
    if (filter.themes?.length)
      qb.andWhere(`${column('theme')} IN (:...themes)`, { themes: filter.themes });
    if (filter.updatedSince)
      qb.andWhere('v.updated_at >= :updatedSince', { updatedSince: filter.updatedSince });
    if (filter.reviewOverdue !== undefined) {
      const due = column('reviewDueDate');
      qb.andWhere(
        filter.reviewOverdue
          ? `${due} < CAST(:today AS date)`
          : `(${due} IS NULL OR ${due} >= CAST(:today AS date))`,
        { today: this.policy.today() },
      );
    }
    // Retired entries stay readable but leave the default listing; ask for RETIRED to see them.
    const statuses = filter.statuses?.length
      ? filter.statuses
      : Object.values(EntryStatus).filter((s) => s !== EntryStatus.RETIRED);
    qb.andWhere(`${status} IN (:...statuses)`, { statuses });

    const sortKey =
      request.orderBy === EntryOrder.TITLE_ASC
        ? `lower(${column('title')})`
        : '(extract(epoch FROM v.updated_at) * 1000000)::bigint::text';
    const descending = request.orderBy !== EntryOrder.TITLE_ASC;
    if (request.after !== undefined && request.after !== null) {
      const cursor = decodeCursor(request.after, request.orderBy);
      // Compare the bigint key numerically; the title key as text.
      const key = descending ? '(extract(epoch FROM v.updated_at) * 1000000)::bigint' : sortKey;
      const param = descending ? 'CAST(:cursorKey AS bigint)' : ':cursorKey';
      qb.andWhere(
        new Brackets((w) =>
          w.where(`(${key}, e.id) ${descending ? '<' : '>'} (${param}, CAST(:cursorId AS uuid))`, {
            cursorKey: cursor.key,
            cursorId: cursor.id,
          }),
        ),
      );
    }
    qb.addSelect(sortKey, 'sort_key');
    qb.orderBy(
      descending ? '(extract(epoch FROM v.updated_at) * 1000000)::bigint' : sortKey,
      descending ? 'DESC' : 'ASC',
    );
    qb.addOrderBy('e.id', descending ? 'DESC' : 'ASC');
    qb.limit(request.first + 1);

    const { entities, raw } = await qb.getRawAndEntities();
    const rows = entities.slice(0, request.first);
    const rawById = new Map(
      raw.map((r: { e_id: string; sort_key: string }) => [r.e_id, r.sort_key]),
    );
    const views = rows.map((entry) =>
      this.toView(actor, { entry, version: (entry as EntryWithVersion).visibleVersion! }),
    );
    return {
      views,
      cursors: rows.map((entry) =>
        encodeCursor(request.orderBy, { key: String(rawById.get(entry.id)), id: entry.id }),
      ),
      hasNextPage: entities.length > request.first,
    };
  }

  /** Relations touching any of the entries (both directions); visibility of the other side is the caller's. */
  relationsOf(entryIds: readonly string[]): Promise<EntryRelationEntity[]> {
    if (!entryIds.length) return Promise.resolve([]);
    return this.dataSource
      .getRepository(EntryRelationEntity)
      .createQueryBuilder('r')
      .where('r.from_entry_id IN (:...ids) OR r.to_entry_id IN (:...ids)', { ids: entryIds })
      .orderBy('r.created_at', 'ASC')
      .getMany();
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

  /** The entry row locked for a write, with nothing hidden: callers check access themselves. */
  lockForWrite(manager: EntityManager, id: string): Promise<EntryEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return manager
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .setLock('pessimistic_write')
      .where('e.id = :id', { id })
      .getOne();
  }

  private visible(actor: Actor, manager?: EntityManager): SelectQueryBuilder<EntryEntity> {
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .innerJoinAndMapOne(
        'e.visibleVersion',
        EntryVersionEntity,
        'v',
        `v.id = ${this.policy.versionSql(actor)}`,
      )
      .setParameters(this.policy.sqlParameters(actor));
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

type EntryWithVersion = EntryEntity & { visibleVersion?: EntryVersionEntity };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can be an entry id (unknown ids are 'not found', never a SQL error). */
export const isEntryId = (value: string): boolean => UUID.test(value);

/**
 * A cursor names the order it belongs to, so a cursor of one order is refused by the other
 * instead of being compared with the wrong kind of key.
 */
function encodeCursor(order: EntryOrder, cursor: Cursor): string {
  return Buffer.from(JSON.stringify([order, cursor.key, cursor.id])).toString('base64url');
}

/** Updated-at keys are microseconds since the epoch: digits that fit a bigint. */
const MICROSECONDS = /^-?\d{1,18}$/;

function decodeCursor(value: string, order: EntryOrder): Cursor {
  try {
    const [cursorOrder, key, id] = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    ) as unknown[];
    const keyFits =
      typeof key === 'string' &&
      (order === EntryOrder.TITLE_ASC ? key.length <= 400 : MICROSECONDS.test(key));
    if (cursorOrder === order && keyFits && typeof id === 'string' && UUID.test(id))
      return { key: key as string, id };
  } catch {
    /* fall through */
  }
  throw new BadInputError([
    { field: 'after', message: 'after is not a cursor returned by this list in this order' },
  ]);
}
