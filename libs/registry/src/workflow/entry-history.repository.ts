import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Actor } from '@insyn/access';
import { AuditAction } from '@insyn/audit';
import { prepared } from '@insyn/database';
import { EntriesRepository, isEntryId, isEntrySlug } from '../entries/entries.repository';
import { RelationType } from '../entries/entry-enums';
import { EntryVersionEntity, VersionState } from '../entries/entry-version.entity';
import { EntryView } from '../entries/entry-view';
import { EntryEntity } from '../entries/entry.entity';
import { EntryRelationEntity } from '../relations/entry-relation.entity';
import { EntryVisibilityPolicy } from '../visibility/entry-visibility.policy';
import { WithheldNotice } from '../visibility/public-projection';
import { diffContent, FieldChange, markWithheld } from './content-diff';
import { EntryDraftRevisionEntity } from './entry-draft-revision.entity';
import { EntryContent, WithheldInformation } from '../entries/entry-content';

const PUBLISHED_STATES = [VersionState.PUBLISHED, VersionState.SUPERSEDED];
const PUBLISHED_STATES_SQL = PUBLISHED_STATES.map((state) => `'${state}'`).join(', ');

type LineageRevision = EntryDraftRevisionEntity & { personName: string | null };

/**
 * The revision a revision was made from: the one before it in its own version, else the last
 * revision of a published version with a lower number (a new draft starts from what was
 * published; a discarded draft's revisions are nobody's parent).
 */
function parentOf(
  revisions: LineageRevision[],
  published: Set<string>,
  r: LineageRevision,
): LineageRevision | undefined {
  return revisions
    .filter(
      (p) =>
        p.revision < r.revision &&
        (p.versionId === r.versionId ||
          (published.has(p.versionId) && p.versionNumber < r.versionNumber)),
    )
    .at(-1);
}

/** One step of a version's workflow: who (token label and person), when, and why. */
export interface WorkflowStep {
  /** Label of the token used. */
  label: string;
  /** The person the token belongs to (null for operator commands). */
  personId: string | null;
  personName: string | null;
  at: Date;
  /** Why (a return's reason). */
  reason: string | null;
}

/** Who moved a published version through review: for the entry's staff only. */
export interface VersionWorkflow {
  submitted: WorkflowStep | null;
  /** Each time a reviewer sent this version back to its editors, oldest first. */
  returned: WorkflowStep[];
  published: WorkflowStep | null;
}

/** One saved draft revision, with what it changed against the revision it was made from. */
export interface DraftRevisionView {
  revision: number;
  versionNumber: number;
  savedAt: Date;
  label: string;
  personId: string | null;
  personName: string | null;
  changes: FieldChange[];
}

/** Who last wrote the value of one field of a version. */
export interface ValueAuthor {
  field: string;
  label: string;
  personId: string | null;
  personName: string | null;
  at: Date;
  revision: number;
}

/** One published version as a reader may see it. */
export interface PublishedVersionView {
  view: EntryView;
  /** Label of the token that published it; null unless the reader is the entry's staff. */
  publishedBy: string | null;
}

/**
 * One published version of an entry without its content: what a list of versions shows. The
 * version as the reader may see it (its content) is `versionViews`' to load, when asked for.
 */
export interface PublishedVersionSummary {
  versionId: string;
  entryId: string;
  number: number;
  publishedAt: Date;
  changeNote: string | null;
  /** Label of the token that published it; null unless the reader is the entry's staff. */
  publishedBy: string | null;
}

/** The link events, as literals: the partial index of their targets then serves any plan. */
const LINK_ACTIONS = `'${AuditAction.ENTRIES_LINKED}', '${AuditAction.ENTRIES_UNLINKED}'`;

/** History reads: published versions (immutable), "as of" views and diffs between versions. */
@Injectable()
export class EntryHistoryRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: EntriesRepository,
    private readonly policy: EntryVisibilityPolicy,
  ) {}

  /** What the public saw at `asOf`: the version published last before it, or null before the first publication. */
  async asOf(by: { id?: string; slug?: string }, asOf: Date): Promise<EntryView | null> {
    if (by.id !== undefined && !isEntryId(by.id)) return null;
    if (by.slug !== undefined && !isEntrySlug(by.slug)) return null;
    const qb = this.dataSource
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .innerJoinAndMapOne(
        'e.asOfVersion',
        EntryVersionEntity,
        'v',
        'v.entry_id = e.id AND v.published_at <= :asOf AND v.state IN (:...states)',
        {
          asOf,
          states: PUBLISHED_STATES,
        },
      )
      // What is withheld from the entry today is withheld from what the public saw then too.
      .addSelect(this.policy.publishedWithheldSql(), 'withheld_now')
      .orderBy('v.published_at', 'DESC')
      .limit(1);
    if (by.id !== undefined) qb.andWhere('e.id = :id', { id: by.id });
    if (by.slug !== undefined) qb.andWhere('e.slug = :slug', { slug: by.slug });
    const { entities, raw } = await qb.getRawAndEntities();
    const entry = entities[0] as (EntryEntity & { asOfVersion?: EntryVersionEntity }) | undefined;
    if (!entry?.asOfVersion) return null;
    const version = entry.asOfVersion;
    delete entry.asOfVersion;
    const withheld = (raw[0] as { withheld_now?: WithheldInformation[] | null }).withheld_now;
    return this.policy.asOfView(entry, version, asOf, withheld ?? null);
  }

  /**
   * The links touching an entry at `asOf`, removed ones too: read from the audit log, where each
   * link's making and removal is an event at the time the link's row was written or deleted (the
   * row keeps only the last making, and none once removed). A link existed then when its last
   * event by then made it; the public saw it when its other end was public then too (the entry
   * itself is the caller's to show or not): only those are read, so that a caller counting
   * them (a list's budget) learns nothing of links the public could not see.
   */
  async relationsAsOf(
    entryId: string,
    asOf: Date,
  ): Promise<Pick<EntryRelationEntity, 'fromEntryId' | 'toEntryId' | 'type' | 'createdAt'>[]> {
    if (!isEntryId(entryId)) return [];
    const rows: { fromEntryId: string; toEntryId: string; type: RelationType; createdAt: Date }[] =
      await this.dataSource.query(
        `SELECT from_id AS "fromEntryId", to_id AS "toEntryId", type, occurred_at AS "createdAt"
           FROM (
             SELECT DISTINCT ON (from_id, to_id, type) from_id, to_id, type, action, occurred_at
               FROM (
                 SELECT a.entry_id AS from_id, a.details->>'toEntryId' AS to_id,
                        a.details->>'type' AS type, a.action, a.occurred_at, a.id
                   FROM audit_event a
                  WHERE a.entry_id = $1 AND a.action IN (${LINK_ACTIONS}) AND a.occurred_at <= $2
                 UNION ALL
                 SELECT a.entry_id, a.details->>'toEntryId', a.details->>'type', a.action,
                        a.occurred_at, a.id
                   FROM audit_event a
                  WHERE a.details->>'toEntryId' = $1::text AND a.action IN (${LINK_ACTIONS})
                    AND a.occurred_at <= $2
               ) events
              ORDER BY from_id, to_id, type, occurred_at DESC, id DESC
           ) latest
          WHERE action = '${AuditAction.ENTRIES_LINKED}'
            -- Its other end public then (a version published by then), as history.asOf finds
            -- it: what the public could not see is not counted either (a list's budget).
            AND EXISTS (
              SELECT 1 FROM entry_version v
               WHERE v.entry_id = CASE WHEN from_id = $1 THEN to_id::uuid ELSE from_id END
                 AND v.published_at <= $2 AND v.state IN (${PUBLISHED_STATES_SQL}))
          ORDER BY occurred_at, from_id, to_id, type`,
        [entryId, asOf],
      );
    return rows;
  }

  /**
   * The published versions of entries this actor can see, oldest first, each as the policy lets
   * this actor see it (and who published it, for staff only). Batched for a DataLoader.
   */
  async publishedHistories(
    actor: Actor,
    entryIds: readonly string[],
  ): Promise<Map<string, PublishedVersionView[]>> {
    const visible = await this.entries.findByIds(actor, entryIds);
    const byEntry = new Map<string, PublishedVersionView[]>(
      visible.map((view) => [view.entry.id, []]),
    );
    const versions = byEntry.size
      ? await this.dataSource.getRepository(EntryVersionEntity).find({
          where: { entryId: In([...byEntry.keys()]), state: In(PUBLISHED_STATES) },
          order: { number: 'ASC' },
        })
      : [];
    const viewOf = new Map(visible.map((view) => [view.entry.id, view]));
    for (const version of versions) {
      const current = viewOf.get(version.entryId)!;
      const entry = current.entry;
      const staff = this.policy.seesWorkingCopy(actor, entry.departmentId);
      byEntry.get(version.entryId)!.push({
        view: this.policy.historyView(actor, entry, version, current),
        publishedBy: staff ? version.publishedByLabel : null,
      });
    }
    return byEntry;
  }

  /**
   * Part of publishedHistories, for an export: the published versions of `visible` (views this
   * actor may see, as `EntriesRepository.findByIds(actor)` returns them) in entry id order, each
   * entry's oldest first, after the version `after` names, at most `first` of them. An entry with
   * very many versions is read a bounded part at a time.
   */
  async publishedHistorySlice(
    actor: Actor,
    visible: readonly EntryView[],
    after: { entryId: string; number: number } | undefined,
    first: number,
  ): Promise<(PublishedVersionView & { entryId: string; number: number })[]> {
    if (!visible.length) return [];
    const viewOf = new Map(visible.map((view) => [view.entry.id, view]));
    const qb = this.dataSource
      .getRepository(EntryVersionEntity)
      .createQueryBuilder('v')
      .where('v.entry_id = ANY(CAST(:ids AS uuid[]))', { ids: [...viewOf.keys()] })
      .andWhere('v.state IN (:...states)', { states: PUBLISHED_STATES })
      .orderBy('v.entry_id', 'ASC')
      .addOrderBy('v.number', 'ASC')
      .limit(first);
    if (after)
      qb.andWhere('(v.entry_id, v.number) > (CAST(:afterEntry AS uuid), :afterNumber)', {
        afterEntry: after.entryId,
        afterNumber: after.number,
      });
    return (await qb.getMany()).map((version) => {
      const current = viewOf.get(version.entryId)!;
      const staff = this.policy.seesWorkingCopy(actor, current.entry.departmentId);
      return {
        entryId: version.entryId,
        number: version.number,
        view: this.policy.historyView(actor, current.entry, version, current),
        publishedBy: staff ? version.publishedByLabel : null,
      };
    });
  }

  /**
   * The published versions of the given entries, oldest first, without their content (one
   * statement). `visible` must be views this actor may see, as `EntriesRepository.findByIds(actor)`
   * returns them: the entry rows decide who counts as the entry's staff (who published it).
   */
  async publishedVersionSummaries(
    actor: Actor,
    visible: readonly EntryView[],
  ): Promise<Map<string, PublishedVersionSummary[]>> {
    const byEntry = new Map<string, PublishedVersionSummary[]>(
      visible.map((view) => [view.entry.id, []]),
    );
    if (!byEntry.size) return byEntry;
    const rows: {
      id: string;
      entry_id: string;
      number: number;
      published_at: Date;
      change_note: string | null;
      published_by_label: string | null;
    }[] = await this.dataSource.query(
      prepared(`SELECT id, entry_id, number, published_at, change_note, published_by_label
         FROM entry_version
        WHERE entry_id = ANY($1::uuid[]) AND state = ANY($2::text[])
        ORDER BY entry_id, number`),
      [[...byEntry.keys()], PUBLISHED_STATES],
    );
    const staff = new Set(
      visible
        .filter((view) => this.policy.seesWorkingCopy(actor, view.entry.departmentId))
        .map((view) => view.entry.id),
    );
    for (const row of rows)
      byEntry.get(row.entry_id)!.push({
        versionId: row.id,
        entryId: row.entry_id,
        number: row.number,
        publishedAt: row.published_at,
        changeNote: row.change_note,
        publishedBy: staff.has(row.entry_id) ? row.published_by_label : null,
      });
    return byEntry;
  }

  /**
   * Published versions by id, each as this actor may see it (the entry as that version said it):
   * null for a version that is not published or whose entry this actor cannot see. One statement
   * for the versions, and `visible` for their entries (by default `findByIds(actor)`; a request
   * passes its own loader, so the entries are the very views its list of versions came from).
   * Batched for a DataLoader.
   */
  async versionViews(
    actor: Actor,
    versionIds: readonly string[],
    visible: (entryIds: string[]) => Promise<readonly EntryView[]> = (entryIds) =>
      this.entries.findByIds(actor, entryIds),
  ): Promise<Map<string, EntryView | null>> {
    const result = new Map<string, EntryView | null>(versionIds.map((id) => [id, null]));
    const valid = versionIds.filter((id) => isEntryId(id));
    const versions = valid.length
      ? await this.dataSource.getRepository(EntryVersionEntity).find({
          where: { id: In(valid), state: In(PUBLISHED_STATES) },
        })
      : [];
    const views = await visible([...new Set(versions.map((v) => v.entryId))]);
    const viewOf = new Map(views.map((view) => [view.entry.id, view]));
    for (const version of versions) {
      const current = viewOf.get(version.entryId);
      if (current)
        result.set(version.id, this.policy.historyView(actor, current.entry, version, current));
    }
    return result;
  }

  /**
   * Who submitted, returned and published each of the given published versions, for staff of
   * the entry; null for versions this actor may not see that of. Batched for a DataLoader.
   */
  async versionWorkflows(
    actor: Actor,
    versionIds: readonly string[],
  ): Promise<Map<string, VersionWorkflow | null>> {
    const result = new Map<string, VersionWorkflow | null>(versionIds.map((id) => [id, null]));
    const versions = versionIds.length
      ? await this.dataSource.getRepository(EntryVersionEntity).find({
          where: { id: In([...versionIds]), state: In(PUBLISHED_STATES) },
        })
      : [];
    const visible = await this.entries.findByIds(actor, [
      ...new Set(versions.map((v) => v.entryId)),
    ]);
    const staff = new Set(
      visible
        .filter((v) => this.policy.seesWorkingCopy(actor, v.entry.departmentId))
        .map((v) => v.entry.id),
    );
    const workflows = await this.workflows(versions.filter((v) => staff.has(v.entryId)));
    for (const [id, workflow] of workflows) result.set(id, workflow);
    return result;
  }

  /**
   * Who submitted, returned and published each version: the version's own columns, and the
   * audit log's ENTRY_RETURNED events (with their reason) for its number since it was created
   * (a discarded draft's number is used again by the next one, whose history its returns are
   * not); persons by their tokens. Two statements for any number of versions.
   */
  private async workflows(versions: EntryVersionEntity[]): Promise<Map<string, VersionWorkflow>> {
    const result = new Map<string, VersionWorkflow>();
    if (!versions.length) return result;
    const returns: {
      entry_id: string;
      entry_version: number;
      occurred_at: Date;
      actor_label: string;
      reason: string | null;
      person_id: string | null;
      person_name: string | null;
    }[] = await this.dataSource.query(
      `SELECT a.entry_id, a.entry_version, a.occurred_at, a.actor_label,
              a.details->>'reason' AS reason, t.person_id, p.name AS person_name
         FROM audit_event a
         LEFT JOIN api_token t ON t.id = a.actor_token_id
         LEFT JOIN person p ON p.id = t.person_id
        WHERE a.action = 'ENTRY_RETURNED' AND a.entry_id = ANY($1::uuid[])
        ORDER BY a.id`,
      [[...new Set(versions.map((v) => v.entryId))]],
    );
    const personIds = [
      ...new Set(
        versions.flatMap((v) => [v.submittedByPersonId, v.publishedByPersonId]).filter(Boolean),
      ),
    ];
    const names = new Map<string, string>(
      personIds.length
        ? (
            (await this.dataSource.query(`SELECT id, name FROM person WHERE id = ANY($1::uuid[])`, [
              personIds,
            ])) as { id: string; name: string }[]
          ).map((p) => [p.id, p.name])
        : [],
    );
    const step = (
      label: string | null,
      personId: string | null,
      at: Date | null,
    ): WorkflowStep | null =>
      label && at
        ? {
            label,
            personId,
            personName: personId ? (names.get(personId) ?? null) : null,
            at,
            reason: null,
          }
        : null;
    for (const v of versions) {
      result.set(v.id, {
        submitted: step(v.submittedByLabel, v.submittedByPersonId, v.submittedAt),
        returned: returns
          .filter(
            (r) =>
              r.entry_id === v.entryId &&
              r.entry_version === v.number &&
              new Date(r.occurred_at) >= v.createdAt,
          )
          .map((r) => ({
            label: r.actor_label,
            personId: r.person_id,
            personName: r.person_name,
            at: new Date(r.occurred_at),
            reason: r.reason,
          })),
        published: step(v.publishedByLabel, v.publishedByPersonId, v.publishedAt),
      });
    }
    return result;
  }

  /**
   * Every saved draft revision of each entry, oldest first, each with its changes against the
   * revision it was made from (the one before it in its version, or the last one of the
   * published version it started from); null for entries this actor may not see the drafts of.
   */
  async draftRevisions(
    actor: Actor,
    entryIds: readonly string[],
  ): Promise<Map<string, DraftRevisionView[] | null>> {
    const visible = await this.entries.findByIds(actor, entryIds);
    const staff = visible
      .filter((v) => this.policy.seesWorkingCopy(actor, v.entry.departmentId))
      .map((v) => v.entry.id);
    const lineages = await this.lineages(staff);
    const result = new Map<string, DraftRevisionView[] | null>(entryIds.map((id) => [id, null]));
    for (const id of staff) {
      const { revisions, published } = lineages.get(id)!;
      result.set(
        id,
        revisions.map((r) => ({
          revision: r.revision,
          versionNumber: r.versionNumber,
          savedAt: r.savedAt,
          label: r.savedByLabel,
          personId: r.savedByPersonId,
          personName: r.personName,
          // Staff only: every value is theirs to see.
          changes: markWithheld(
            diffContent(
              parentOf(revisions, published, r)?.content ?? ({} as EntryContent),
              r.content,
            ),
          ),
        })),
      );
    }
    return result;
  }

  /**
   * Who last wrote each field of the given versions (the revision that gave the field its
   * value), for staff of the entry; null for versions this actor may not see that of.
   */
  async valueAuthors(
    actor: Actor,
    versionIds: readonly string[],
  ): Promise<Map<string, ValueAuthor[] | null>> {
    const result = new Map<string, ValueAuthor[] | null>(versionIds.map((id) => [id, null]));
    const versions = versionIds.length
      ? await this.dataSource.getRepository(EntryVersionEntity).find({
          where: { id: In([...versionIds]) },
          select: { id: true, entryId: true, number: true },
        })
      : [];
    const visible = await this.entries.findByIds(actor, [
      ...new Set(versions.map((v) => v.entryId)),
    ]);
    const staff = new Set(
      visible
        .filter((v) => this.policy.seesWorkingCopy(actor, v.entry.departmentId))
        .map((v) => v.entry.id),
    );
    const lineages = await this.lineages([...staff]);
    for (const version of versions.filter((v) => staff.has(v.entryId))) {
      const { revisions, published } = lineages.get(version.entryId)!;
      const own = revisions.filter((r) => r.versionId === version.id);
      const last = own.at(-1);
      if (!last) {
        result.set(version.id, []);
        continue;
      }
      // Walk the lineage back from the version's last revision, then replay it forwards.
      const chain: LineageRevision[] = [];
      for (let r: LineageRevision | undefined = last; r; r = parentOf(revisions, published, r))
        chain.unshift(r);
      const authors = new Map<string, ValueAuthor>();
      let before: EntryContent = {} as EntryContent;
      for (const r of chain) {
        for (const change of diffContent(before, r.content))
          if (change.after === null) authors.delete(change.field);
          else
            authors.set(change.field, {
              field: change.field,
              label: r.savedByLabel,
              personId: r.savedByPersonId,
              personName: r.personName,
              at: r.savedAt,
              revision: r.revision,
            });
        before = r.content;
      }
      result.set(
        version.id,
        [...authors.values()].sort((a, b) => a.field.localeCompare(b.field)),
      );
    }
    return result;
  }

  /** The revisions of entries (with the savers' names) and the ids of their published versions. */
  private async lineages(
    entryIds: readonly string[],
  ): Promise<Map<string, { revisions: LineageRevision[]; published: Set<string> }>> {
    const result = new Map<string, { revisions: LineageRevision[]; published: Set<string> }>(
      entryIds.map((id) => [id, { revisions: [], published: new Set<string>() }]),
    );
    if (!entryIds.length) return result;
    const rows: (EntryDraftRevisionEntity & { personName: string | null })[] = await this.dataSource
      .getRepository(EntryDraftRevisionEntity)
      .createQueryBuilder('r')
      .leftJoin('person', 'p', 'p.id = r.saved_by_person_id')
      .select('r')
      .addSelect('p.name', 'person_name')
      .where('r.entry_id IN (:...ids)', { ids: entryIds })
      .orderBy('r.entry_id')
      .addOrderBy('r.revision')
      .getRawAndEntities()
      .then(({ entities, raw }) =>
        entities.map((e) => ({
          ...e,
          personName:
            (raw as { r_id: string; person_name: string | null }[]).find((x) => x.r_id === e.id)
              ?.person_name ?? null,
        })),
      );
    for (const row of rows) result.get(row.entryId)!.revisions.push(row);
    const published = await this.dataSource.getRepository(EntryVersionEntity).find({
      where: { entryId: In([...entryIds]), state: In(PUBLISHED_STATES) },
      select: { id: true, entryId: true },
    });
    for (const v of published) result.get(v.entryId)!.published.add(v.id);
    return result;
  }

  /**
   * Field-by-field changes between two versions of an entry the actor can see. The public may diff
   * published versions (withheld fields removed); staff may also name the working version.
   */
  async diff(
    actor: Actor,
    id: string,
    fromVersion: number,
    toVersion: number,
  ): Promise<FieldChange[] | null> {
    const visible = await this.entries.findOne(actor, { id });
    if (!visible) return null;
    const staff = this.policy.seesWorkingCopy(actor, visible.entry.departmentId);
    const versions = await this.dataSource.getRepository(EntryVersionEntity).find({
      where: {
        entryId: id,
        number: In([fromVersion, toVersion]),
        ...(staff ? {} : { state: In(PUBLISHED_STATES) }),
      },
    });
    const from = versions.find((v) => v.number === fromVersion);
    const to = versions.find((v) => v.number === toVersion);
    if (!from || !to) return null;
    const view = (v: EntryVersionEntity) =>
      this.policy.diffContent(actor, visible.entry, v, visible);
    const [before, after] = [view(from), view(to)];
    // Staff compare whole versions; the public view of a version lacks what it withheld (its
    // notices say which), and a value missing there was withheld, not empty.
    const hidden = (content: EntryContent) =>
      staff ? [] : (content.withheld ?? []).map((w) => w.field);
    return markWithheld(diffContent(declaredOnly(before), declaredOnly(after)), {
      before: hidden(before),
      after: hidden(after),
    });
  }
}

/**
 * A version's content with the notices it declared itself: not those a later version's
 * withholding lends its public view (`byLaterVersion`, whose values stay hidden all the same),
 * and no list rather than an empty one. So a diff tells the withholdings each version made, not
 * today's as if every version had made them, nor "none" against "none".
 */
function declaredOnly(content: EntryContent): EntryContent {
  const own = (content.withheld as WithheldNotice[] | undefined)?.filter((w) => !w.byLaterVersion);
  const { withheld: _all, ...rest } = content;
  return own?.length ? { ...rest, withheld: own } : (rest as EntryContent);
}
