import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, TokenActor } from '@insyn/access';
import { AuditAction, AuditLog } from '@insyn/audit';
import { withTransaction } from '@insyn/database';
import { BadInputError, ConflictError, NotFoundError, UnauthenticatedError } from '@insyn/errors';
import { enqueueSearchSync } from '@insyn/outbox';
import { catalogueField, withholdablePaths } from '../catalogue';
import { EntryRelationEntity } from '../relations/entry-relation.entity';
import { EntriesRepository } from './entries.repository';
import { EntryContent } from './entry-content';
import { applyPatch, EntryContentPatch, patchedPaths } from './entry-content-patch';
import { diffContent } from '../workflow/content-diff';
import { dateRangeProblems } from './entry-date-ranges';
import { EntryKind, EntryStatus, RelationType } from './entry-enums';
import { slugify } from './entry-slug';
import { ENTRY_TITLE_RULE, isNamingTitle } from './entry-title';
import { EntryVersionEntity, VersionState } from './entry-version.entity';
import { EntryView } from './entry-view';
import { assertCanWriteDepartment } from './entry-write-access';
import { EntryEntity } from './entry.entity';
import { RegistryClock } from '../visibility/registry-clock';
import { versionColumnsOf } from '../visibility/version-columns';

/** Which kinds a relation may point to (from any kind unless listed). */
const RELATION_TARGET: Record<RelationType, EntryKind[]> = {
  [RelationType.USES_DATASET]: [EntryKind.DATASET],
  [RelationType.FED_BY_DEPLOYMENT]: [EntryKind.IOT_DEPLOYMENT],
  [RelationType.PRODUCES_DATASET]: [EntryKind.DATASET],
  [RelationType.PART_OF]: [EntryKind.ALGORITHM, EntryKind.DATASET, EntryKind.IOT_DEPLOYMENT],
};

/**
 * How a write is recorded when it is not a plain edit: an import records ENTRY_IMPORTED with the
 * source it came from, instead of ENTRY_CREATED or ENTRY_UPDATED.
 */
export interface AuditedAs {
  action: AuditAction;
  details: Record<string, unknown>;
}

/**
 * Departments' writes to registry entries: register drafts, edit them, link them. Each write is one
 * transaction with its audit row and, when the public view can change, its search outbox row.
 */
@Injectable()
export class EntriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: EntriesRepository,
    private readonly audit: AuditLog,
    private readonly clock: RegistryClock,
  ) {}

  async register(
    actor: Actor,
    kind: EntryKind,
    departmentSlug: string,
    patch: EntryContentPatch,
    outer?: EntityManager,
    auditedAs?: AuditedAs,
  ): Promise<EntryView> {
    if (!patch.title)
      throw new BadInputError([
        { field: 'input.title', message: 'title is required to register an entry' },
      ]);
    if (!isNamingTitle(patch.title))
      throw new BadInputError([{ field: 'input.title', message: ENTRY_TITLE_RULE }]);
    const department = await this.entries.departmentBySlug(departmentSlug, outer);
    if (!department)
      throw new BadInputError([
        { field: 'departmentSlug', message: `no department has the slug "${departmentSlug}"` },
      ]);
    assertCanWriteDepartment(actor, department.id);
    assertWithholdable(kind, patch);
    const content = applyPatch({ title: patch.title }, patch, kind);

    const id = await withTransaction(this.dataSource, outer, async (manager) => {
      // The version's id is chosen here, so the entry row names it from the start (the foreign
      // key is checked at commit): no second write of the entry.
      const versionId = randomUUID();
      const entry = await manager.save(
        manager.create(EntryEntity, {
          slug: await this.uniqueSlug(manager, content.title),
          kind,
          departmentId: department.id,
          status: EntryStatus.DRAFT,
          version: 1,
          currentVersionId: versionId,
        }),
      );
      await manager.insert(
        EntryVersionEntity,
        this.newVersion(manager, entry, 1, content, actor, versionId),
      );
      await this.keepRevision(
        manager,
        { id: versionId, entryId: entry.id, departmentId: department.id, number: 1, content },
        actor as TokenActor,
      );
      await this.audit.record(manager, {
        action: auditedAs?.action ?? AuditAction.ENTRY_CREATED,
        actor: auditActor(actor),
        entryId: entry.id,
        entryVersion: 1,
        departmentId: department.id,
        details: { kind, slug: entry.slug, ...auditedAs?.details },
      });
      return entry.id;
    });
    return (await this.entries.findOne(actor, { id }, outer))!;
  }

  /**
   * Edits the working copy. A draft changes in place; a published entry gets a new draft version
   * while the published one stays what the public sees. In review or retired: refused.
   */
  async update(
    actor: Actor,
    id: string,
    kind: EntryKind,
    patch: EntryContentPatch,
    outer?: EntityManager,
    auditedAs?: AuditedAs,
  ): Promise<EntryView> {
    await withTransaction(this.dataSource, outer, async (manager) => {
      const { entry, version: current } = await this.writableEntry(manager, actor, id);
      if (entry.kind !== kind) {
        throw new BadInputError([
          { field: 'id', message: `entry ${id} is a ${entry.kind}, not a ${kind}` },
        ]);
      }
      const actorWithAccess = actor as TokenActor;
      if (entry.status === EntryStatus.IN_REVIEW) {
        throw new ConflictError(
          'The entry is in review; a reviewer must return it to draft before it can be edited',
        );
      }
      if (entry.status === EntryStatus.RETIRED)
        throw new ConflictError('A retired entry cannot be edited');
      assertWithholdable(kind, patch);
      const content = applyPatch(current.content, patch, kind);
      if (patch.title === null || content.title === undefined || content.title === '') {
        throw new BadInputError([{ field: 'input.title', message: 'title cannot be removed' }]);
      }
      if (patch.title !== undefined && !isNamingTitle(patch.title))
        throw new BadInputError([{ field: 'input.title', message: ENTRY_TITLE_RULE }]);
      // A merged patch can pair a stored start date with a new end date: check the result.
      const before = new Set(dateRangeProblems(current.content).map((p) => p.field));
      const problems = dateRangeProblems(content).filter((p) => !before.has(p.field));
      if (problems.length) throw new BadInputError(problems);

      let versionNumber = current.number;
      let saved: Pick<
        EntryVersionEntity,
        'id' | 'entryId' | 'departmentId' | 'number' | 'content'
      > = { ...current, content };
      if (current.state === VersionState.DRAFT) {
        await manager.update(EntryVersionEntity, current.id, {
          content,
          ...versionColumnsOf(content, kind, this.clock.today()),
          updatedByLabel: actorWithAccess.label,
          updatedAt: new Date(),
        });
        await manager.update(EntryEntity, entry.id, { updatedAt: new Date() });
      } else {
        // The working copy is the published version: start the next version as a draft.
        versionNumber = current.number + 1;
        const next = randomUUID();
        await manager.insert(
          EntryVersionEntity,
          this.newVersion(manager, entry, versionNumber, content, actorWithAccess, next),
        );
        saved = {
          id: next,
          entryId: entry.id,
          departmentId: entry.departmentId,
          number: versionNumber,
          content,
        };
        await manager.update(EntryEntity, entry.id, {
          currentVersionId: next,
          version: versionNumber,
          status: EntryStatus.DRAFT,
          updatedAt: new Date(),
        });
      }
      await this.keepRevision(manager, saved, actorWithAccess);
      await this.audit.record(manager, {
        action: auditedAs?.action ?? AuditAction.ENTRY_UPDATED,
        actor: auditActor(actorWithAccess),
        entryId: entry.id,
        entryVersion: versionNumber,
        departmentId: entry.departmentId,
        // The changed paths with their values before and after (entry content only: no
        // resident's data from concerns is ever part of it).
        details: {
          fields: patchedPaths(patch),
          changes: diffContent(current.content, content),
          ...auditedAs?.details,
        },
      });
    });
    return (await this.entries.findOne(actor, { id }, outer))!;
  }

  async link(
    actor: Actor,
    fromId: string,
    toId: string,
    type: RelationType,
    outer?: EntityManager,
  ): Promise<EntryView> {
    await withTransaction(this.dataSource, outer, async (manager) => {
      const { entry: from } = await this.writableEntry(manager, actor, fromId, 'input.fromId');
      const to = await this.entries.findOne(actor, { id: toId }, manager);
      if (!to) throw new NotFoundError(`Entry ${toId}`, 'input.toId');
      if (fromId === toId)
        throw new BadInputError([
          { field: 'input.toId', message: 'an entry cannot be linked to itself' },
        ]);
      if (!RELATION_TARGET[type].includes(to.entry.kind)) {
        throw new BadInputError([
          {
            field: 'input.type',
            message: `${type} must point to a ${RELATION_TARGET[type].join(' or ')}, not a ${to.entry.kind}`,
          },
        ]);
      }
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(EntryRelationEntity)
        .values({
          fromEntryId: fromId,
          toEntryId: toId,
          type,
          departmentId: from.departmentId,
          createdByLabel: (actor as TokenActor).label,
        })
        .orIgnore()
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return; // already linked: nothing changed
      await this.audit.record(manager, {
        action: AuditAction.ENTRIES_LINKED,
        actor: auditActor(actor as TokenActor),
        entryId: fromId,
        entryVersion: from.version,
        departmentId: from.departmentId,
        details: { toEntryId: toId, type },
      });
      await this.syncIfPublic(manager, [from, to.entry], 'linked');
    });
    return (await this.entries.findOne(actor, { id: fromId }, outer))!;
  }

  async unlink(actor: Actor, fromId: string, toId: string, type: RelationType): Promise<EntryView> {
    await this.dataSource.transaction(async (manager) => {
      const { entry: from } = await this.writableEntry(manager, actor, fromId, 'input.fromId');
      const deleted = await manager.delete(EntryRelationEntity, {
        fromEntryId: fromId,
        toEntryId: toId,
        type,
      });
      if (!deleted.affected)
        throw new NotFoundError(`A ${type} link from ${fromId} to ${toId}`, 'input');
      await this.audit.record(manager, {
        action: AuditAction.ENTRIES_UNLINKED,
        actor: auditActor(actor as TokenActor),
        entryId: fromId,
        entryVersion: from.version,
        departmentId: from.departmentId,
        details: { toEntryId: toId, type },
      });
      const to = await manager.findOneBy(EntryEntity, { id: toId });
      await this.syncIfPublic(manager, to ? [from, to] : [from], 'unlinked');
    });
    return (await this.entries.findOne(actor, { id: fromId }))!;
  }

  /**
   * Locks the entry and reads its working version (one statement), hiding it (NOT_FOUND) from
   * those who may not see it, refusing those who may not write it.
   */
  private async writableEntry(
    manager: EntityManager,
    actor: Actor,
    id: string,
    field = 'id',
  ): Promise<{ entry: EntryEntity; version: EntryVersionEntity }> {
    // Anonymous writers are told to authenticate, whether or not the entry is public.
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    const locked = await this.entries.lockForWrite(manager, actor, id);
    if (!locked) throw new NotFoundError(`Entry ${id}`, field);
    assertCanWriteDepartment(actor, locked.entry.departmentId);
    return locked;
  }

  private async syncIfPublic(
    manager: EntityManager,
    entries: EntryEntity[],
    reason: string,
  ): Promise<void> {
    for (const entry of entries) {
      if (entry.publishedVersionId) await enqueueSearchSync(manager, entry.id, reason);
    }
  }

  /** Keeps the saved content as the entry's next draft revision (the entry row is locked). */
  private async keepRevision(
    manager: EntityManager,
    version: Pick<EntryVersionEntity, 'id' | 'entryId' | 'departmentId' | 'number' | 'content'>,
    actor: TokenActor,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO entry_draft_revision (entry_id, department_id, version_id, version_number,
         revision, content, saved_at, saved_by_label, saved_by_token_id, saved_by_person_id)
       SELECT $1, $2, $3, $4, COALESCE(max(revision), 0) + 1, $5, now(), $6, $7, $8
         FROM entry_draft_revision WHERE entry_id = $1`,
      [
        version.entryId,
        version.departmentId,
        version.id,
        version.number,
        JSON.stringify(version.content),
        actor.label,
        actor.tokenId,
        actor.personId,
      ],
    );
  }

  private newVersion(
    manager: EntityManager,
    entry: EntryEntity,
    number: number,
    content: EntryContent,
    actor: TokenActor,
    id: string,
  ) {
    return manager.create(EntryVersionEntity, {
      id,
      entryId: entry.id,
      departmentId: entry.departmentId,
      number,
      state: VersionState.DRAFT,
      content,
      ...versionColumnsOf(content, entry.kind, this.clock.today()),
      createdByLabel: actor.label,
      updatedByLabel: actor.label,
    });
  }

  private async uniqueSlug(manager: EntityManager, title: string): Promise<string> {
    const base = slugify(title);
    if (!(await manager.existsBy(EntryEntity, { slug: base }))) return base;
    return `${base.slice(0, 52)}-${randomBytes(3).toString('hex')}`;
  }
}

/** Each withheld path must be a withholdable field of the entry's kind (from the catalogue). */
function assertWithholdable(kind: EntryKind, patch: EntryContentPatch): void {
  const allowed = withholdablePaths(kind);
  const seen = new Set<string>();
  const problems = (patch.withheld ?? []).flatMap(({ field }, i) => {
    const at = `input.withheld.${i}.field`;
    if (!allowed.includes(field)) {
      const why = catalogueField(field)
        ? `${field} cannot be withheld on a ${kind}`
        : `${field} is not a field of an entry`;
      return [
        { field: at, message: `${why}; withholdable are e.g. ${allowed.slice(0, 3).join(', ')}` },
      ];
    }
    if (seen.has(field)) return [{ field: at, message: `${field} is withheld twice` }];
    seen.add(field);
    return [];
  });
  if (problems.length) throw new BadInputError(problems);
}

function auditActor(actor: TokenActor) {
  return { tokenId: actor.tokenId, label: actor.label, role: actor.role };
}
