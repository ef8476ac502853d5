import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, TokenActor } from '@insyn/access';
import { AuditAction, AuditLog } from '@insyn/audit';
import { withTransaction } from '@insyn/database';
import {
  BadInputError,
  characterCount,
  ConflictError,
  NotFoundError,
  UnauthenticatedError,
} from '@insyn/errors';
import { enqueueSearchSync } from '@insyn/outbox';
import {
  catalogueField,
  pathWithin,
  repeatedItemMessage,
  repeatedItems,
  repeatedListItems,
  withheldAlong,
  withholdablePaths,
} from '../catalogue';
import { DEPARTMENT_SLUG_MAX_LENGTH } from '../departments/department-rules';
import { EntryRelationEntity } from '../relations/entry-relation.entity';
import { EntriesRepository, isEntryId } from './entries.repository';
import { EntryContent } from './entry-content';
import { EntryRegistrationEntity } from './entry-registration.entity';
import { applyPatch, EntryContentPatch, patchedPaths } from './entry-content-patch';
import { diffContent } from '../workflow/content-diff';
import { dateRangeProblems } from './entry-date-ranges';
import { EntryKind, EntryStatus, RelationType } from './entry-enums';
import { slugify, suffixedSlug } from './entry-slug';
import { titleProblem } from './entry-title';
import { EntryVersionEntity, VersionState } from './entry-version.entity';
import { EntryView } from './entry-view';
import {
  assertCanWriteDepartment,
  assertEntryIdShape,
  canWriteDepartment,
} from './entry-write-access';
import { EntryEntity } from './entry.entity';
import { withholdingInForce } from '../visibility/public-projection';
import { RegistryClock } from '../visibility/registry-clock';
import { versionColumnsOf } from '../visibility/version-columns';
import { lockPartOfHierarchy } from '../relations/part-of-lock';

/** The longest idempotency key of the register mutations. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;
const IDEMPOTENCY_KEY = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

/**
 * A stable digest of a request: keys sorted at every level, undefined left out, and null too
 * unless `keepNulls` (a registration's null and absent field both say nothing; the digests of
 * registrations recorded before that was so kept nulls).
 */
function hashRequest(request: unknown, keepNulls = false): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value instanceof Date) return value.toISOString();
    if (value && typeof value === 'object') {
      const said = (member: unknown) => member !== undefined && (keepNulls || member !== null);
      return Object.fromEntries(
        Object.keys(value)
          .filter((key) => said((value as Record<string, unknown>)[key]))
          .sort()
          .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(request)))
    .digest('hex');
}

/** Advisory lock id (with the token and key's hash) of idempotent registrations (registerOnce). */
const REGISTRATION_KEY_LOCK = 7_270_050;

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
    assertTitles(patch);
    // Checked before it is looked up, so that the refusal below never echoes a long value.
    if (characterCount(departmentSlug) > DEPARTMENT_SLUG_MAX_LENGTH)
      throw new BadInputError([
        {
          field: 'departmentSlug',
          message: `departmentSlug must be at most ${DEPARTMENT_SLUG_MAX_LENGTH} characters`,
        },
      ]);
    const department = await this.entries.departmentBySlug(departmentSlug, outer);
    if (!department)
      throw new BadInputError([
        { field: 'departmentSlug', message: `no department has the slug "${departmentSlug}"` },
      ]);
    assertCanWriteDepartment(actor, department.id);
    assertNamedOnce(patch);
    assertWithholdable(kind, patch, this.clock.today());
    const content = applyPatch({ title: patch.title }, patch, kind);

    const id = await withTransaction(this.dataSource, outer, async (manager) => {
      // The version's id is chosen here, so the entry row names it from the start (the foreign
      // key is checked at commit): no second write of the entry.
      const versionId = randomUUID();
      const entry = await this.insertWithFreeSlug(manager, content.title, {
        kind,
        departmentId: department.id,
        status: EntryStatus.DRAFT,
        version: 1,
        currentVersionId: versionId,
      });
      // The registration's time is its audit event's, as an edit's is: the entry's and its
      // version's createdAt and updatedAt, and the first revision's savedAt, are the time the
      // audit log gives it (an auditor's updatedSince at that event finds the entry). Taken once
      // the slug is held, which a first publication moving a draft's slug aside may be waiting
      // for, never the other way round.
      const slot = await this.audit.reserve(manager);
      await manager.insert(EntryVersionEntity, {
        ...this.newVersion(manager, entry, 1, content, actor, versionId),
        createdAt: slot.at,
        updatedAt: slot.at,
      });
      await manager.update(EntryEntity, entry.id, { createdAt: slot.at, updatedAt: slot.at });
      await this.keepRevision(
        manager,
        { id: versionId, entryId: entry.id, departmentId: department.id, number: 1, content },
        actor as TokenActor,
        slot.at,
      );
      await this.audit.record(
        manager,
        {
          action: auditedAs?.action ?? AuditAction.ENTRY_CREATED,
          actor: auditActor(actor),
          entryId: entry.id,
          entryVersion: 1,
          departmentId: department.id,
          details: { kind, slug: entry.slug, ...auditedAs?.details },
        },
        slot,
      );
      return entry.id;
    });
    return (await this.entries.findOne(actor, { id }, outer))!;
  }

  /**
   * register(), safe to retry: the first request with this token and idempotency key registers
   * the entry and records the key with it (in the same transaction); every later one, or a
   * concurrent one that loses the race, creates nothing and gets that entry as it is now. The
   * same key with another kind, department or input is a CONFLICT.
   */
  async registerOnce(
    actor: Actor,
    kind: EntryKind,
    departmentSlug: string,
    patch: EntryContentPatch,
    idempotencyKey: string,
  ): Promise<EntryView> {
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadInputError([
        {
          field: 'idempotencyKey',
          message: `idempotencyKey must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`,
        },
      ]);
    }
    // Anonymous callers have no key space: register() refuses them as usual.
    if (actor.kind !== 'token') return this.register(actor, kind, departmentSlug, patch);
    const requestHash = hashRequest({ kind, departmentSlug, patch });
    const requestHashWithNulls = hashRequest({ kind, departmentSlug, patch }, true);
    const { tokenId } = actor;
    const replay = async (
      found: EntryRegistrationEntity | null,
    ): Promise<EntryView | undefined> => {
      if (!found) return undefined;
      if (found.requestHash !== requestHash && found.requestHash !== requestHashWithNulls) {
        throw new ConflictError('This idempotency key was used for another registration', [
          { field: 'idempotencyKey', message: 'already used for another registration' },
        ]);
      }
      const view = await this.entries.findOne(actor, { id: found.entryId });
      if (!view) throw new NotFoundError('entry', 'idempotencyKey');
      return view;
    };
    const earlier = await replay(await this.entries.registration(tokenId, idempotencyKey));
    if (earlier) return earlier;
    const registered = await withTransaction(this.dataSource, undefined, async (manager) => {
      // One request per key at a time, and before any other lock: a concurrent one with the same
      // key waits here for this one to commit, then finds its registration. Had it looked only
      // when inserting the key, it would hold the audit chain's lock by then, and wait on a key
      // row that a discard of the entry is deleting, while the discard waits for the chain.
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        REGISTRATION_KEY_LOCK,
        `${tokenId}:${idempotencyKey}`,
      ]);
      const found = await this.entries.registration(tokenId, idempotencyKey, manager);
      if (found) return found;
      const view = await this.register(actor, kind, departmentSlug, patch, manager);
      await manager.insert(EntryRegistrationEntity, {
        tokenId,
        idempotencyKey,
        requestHash,
        entryId: view.entry.id,
      });
      return view;
    });
    return registered instanceof EntryRegistrationEntity ? (await replay(registered))! : registered;
  }

  /**
   * Edits the working copy. A draft changes in place; a published entry gets a new draft version
   * while the published one stays what the public sees. In review or retired: refused. An edit
   * that changes nothing writes nothing.
   */
  async update(
    actor: Actor,
    id: string,
    kind: EntryKind,
    patch: EntryContentPatch,
    outer?: EntityManager,
    auditedAs?: AuditedAs,
  ): Promise<EntryView> {
    return (await this.updateTelling(actor, id, kind, patch, outer, auditedAs)).view;
  }

  /** As `update`, telling too whether the edit changed anything (an import reports it). */
  async updateTelling(
    actor: Actor,
    id: string,
    kind: EntryKind,
    patch: EntryContentPatch,
    outer?: EntityManager,
    auditedAs?: AuditedAs,
  ): Promise<{ view: EntryView; changed: boolean }> {
    const changed = await withTransaction(this.dataSource, outer, async (manager) => {
      const { entry, version: current } = await this.writableEntry(manager, actor, id);
      if (entry.kind !== kind) {
        throw new BadInputError([
          { field: 'id', message: `entry ${id} is ${aKind(entry.kind)}, not ${aKind(kind)}` },
        ]);
      }
      const actorWithAccess = actor as TokenActor;
      if (entry.status === EntryStatus.IN_REVIEW) {
        throw new ConflictError(
          'The entry is in review: withdraw the submission (withdrawSubmission, any of its department’s editors) or have a reviewer return it to draft, then edit it',
        );
      }
      if (entry.status === EntryStatus.RETIRED)
        throw new ConflictError('A retired entry cannot be edited');
      assertNamedOnce(patch);
      assertWithholdable(kind, patch, this.clock.today());
      const content = applyPatch(current.content, patch, kind);
      if (patch.title === null || content.title === undefined || content.title === '') {
        throw new BadInputError([{ field: 'input.title', message: 'title cannot be removed' }]);
      }
      assertTitles(patch);
      // A merged patch can pair a stored start date with a new end date: check the result.
      const before = new Set(dateRangeProblems(current.content).map((p) => p.field));
      const problems = dateRangeProblems(content).filter((p) => !before.has(p.field));
      if (problems.length) throw new BadInputError(problems);
      // An edit that changes nothing (no field, or only the values already stored) writes
      // nothing: no new version of a published entry, no revision, no audit row.
      const changes = diffContent(current.content, content);
      if (!changes.length) return false;

      // The edit's time is its audit event's, as a workflow step's is (taken, with the chain's
      // lock, once the entry's row locks are held): the draft's updatedAt and its revision's
      // savedAt are the time the audit log gives the edit, not a moment before it.
      const slot = await this.audit.reserve(manager);
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
          updatedAt: slot.at,
        });
        await manager.update(EntryEntity, entry.id, { updatedAt: slot.at });
      } else {
        // The working copy is the published version: start the next version as a draft.
        versionNumber = current.number + 1;
        const next = randomUUID();
        await manager.insert(EntryVersionEntity, {
          ...this.newVersion(manager, entry, versionNumber, content, actorWithAccess, next),
          createdAt: slot.at,
          updatedAt: slot.at,
        });
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
          updatedAt: slot.at,
        });
      }
      await this.keepRevision(manager, saved, actorWithAccess, slot.at);
      await this.audit.record(
        manager,
        {
          action: auditedAs?.action ?? AuditAction.ENTRY_UPDATED,
          actor: auditActor(actorWithAccess),
          entryId: entry.id,
          entryVersion: versionNumber,
          departmentId: entry.departmentId,
          // The changed paths with their values before and after (entry content only: no
          // resident's data from concerns is ever part of it).
          details: {
            fields: patchedPaths(patch),
            changes,
            ...auditedAs?.details,
          },
        },
        slot,
      );
      return true;
    });
    return { view: (await this.entries.findOne(actor, { id }, outer))!, changed };
  }

  async link(
    actor: Actor,
    fromId: string,
    toId: string,
    type: RelationType,
    outer?: EntityManager,
  ): Promise<EntryView> {
    await withTransaction(this.dataSource, outer, async (manager) => {
      // PART_OF links are written one at a time (the lock is held to commit). Taken before any row
      // lock: the insert's foreign keys share-lock both entries.
      if (type === RelationType.PART_OF) await lockPartOfHierarchy(manager);
      const { entry: from } = await this.writableEntry(manager, actor, fromId, 'input.fromId');
      assertNotRetired(from);
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
            message: `${type} must point to ${RELATION_TARGET[type].map(withArticle).join(' or ')}, not ${withArticle(to.entry.kind)}`,
          },
        ]);
      }
      // PART_OF is containment: an entry cannot be part of something that is part of it. The
      // walk goes only through entries the actor may see: a refusal must not tell of another
      // department's drafts and their links. A cycle it cannot see closes only through such a
      // draft, and that draft's publication is refused (EntryWorkflowService.publish).
      if (
        type === RelationType.PART_OF &&
        (await this.entries.partOfReaches(manager, actor, toId, fromId))
      )
        throw new BadInputError([
          {
            field: 'input.toId',
            message:
              'the entry toId names is already part of the entry fromId names (directly or through other entries): this PART_OF link would make a cycle',
          },
        ]);
      // The link's creation is its audit event's time (what `relations` as of a moment reads),
      // so the event's slot is taken before the insert. First what the insert would wait for,
      // while the chain is not held: the other entry, key-share locked as the insert's foreign
      // key check locks it (a workflow step holding that entry waits for the chain), and whether
      // the link exists (a link from this entry is only written with it locked, as it is now), so
      // that no slot is taken for nothing.
      const [other] = (await manager.query(
        `SELECT EXISTS (SELECT 1 FROM entry_relation r
                         WHERE r.from_entry_id = $1 AND r.to_entry_id = $2 AND r.type = $3) AS linked
           FROM entry e WHERE e.id = $2 FOR KEY SHARE OF e`,
        [fromId, toId, type],
      )) as { linked: boolean }[];
      // Discarded meanwhile (its draft was thrown away): as if it had never been there.
      if (!other) throw new NotFoundError(`Entry ${toId}`, 'input.toId');
      if (other.linked) return; // already linked: nothing changed
      const slot = await this.audit.reserve(manager);
      await manager.insert(EntryRelationEntity, {
        fromEntryId: fromId,
        toEntryId: toId,
        type,
        departmentId: from.departmentId,
        createdByLabel: (actor as TokenActor).label,
        createdAt: slot.at,
      });
      await this.audit.record(
        manager,
        {
          action: AuditAction.ENTRIES_LINKED,
          actor: auditActor(actor as TokenActor),
          entryId: fromId,
          entryVersion: from.version,
          departmentId: from.departmentId,
          details: { toEntryId: toId, type },
        },
        slot,
      );
      await this.syncIfLinkPublic(manager, [from, to.entry], 'linked');
    });
    return (await this.entries.findOne(actor, { id: fromId }, outer))!;
  }

  /**
   * Removes a link. Its own department writes it; the department of the entry it points to may
   * remove it too: a link shows on that entry's public page at once, with no review, so its
   * owners must be able to take off one they did not make (the audit event says so).
   */
  async unlink(actor: Actor, fromId: string, toId: string, type: RelationType): Promise<EntryView> {
    await withTransaction(this.dataSource, undefined, async (manager) => {
      const { entry: from } = await this.lockedEntry(manager, actor, fromId, 'input.fromId');
      const byTarget = !canWriteDepartment(actor, from.departmentId);
      if (byTarget) {
        const target = isEntryId(toId)
          ? await this.entries.findOne(actor, { id: toId }, manager)
          : undefined;
        // Refused as before (FORBIDDEN) unless the actor writes the entry the link points to.
        if (!target || !canWriteDepartment(actor, target.entry.departmentId))
          assertCanWriteDepartment(actor, from.departmentId);
      }
      assertNotRetired(from);
      const deleted = await manager.delete(EntryRelationEntity, {
        fromEntryId: fromId,
        toEntryId: toId,
        type,
      });
      if (!deleted.affected)
        throw new NotFoundError(`A ${type} link from ${fromId} to ${toId}`, 'input');
      await this.audit.record(manager, {
        action: AuditAction.ENTRIES_UNLINKED,
        actor: auditActor(actor),
        entryId: fromId,
        entryVersion: from.version,
        departmentId: from.departmentId,
        details: { toEntryId: toId, type, ...(byTarget ? { byLinkedEntrysDepartment: true } : {}) },
      });
      const to = await manager.findOneBy(EntryEntity, { id: toId });
      await this.syncIfLinkPublic(manager, to ? [from, to] : [from], 'unlinked');
    });
    return (await this.entries.findOne(actor, { id: fromId }))!;
  }

  /**
   * Locks the entry and reads its working version (one statement), hiding it (NOT_FOUND) from
   * those who may not see it, refusing those who may not write it (lockedEntry, then the check).
   */
  private async writableEntry(
    manager: EntityManager,
    actor: Actor,
    id: string,
    field = 'id',
  ): Promise<{ entry: EntryEntity; version: EntryVersionEntity }> {
    const locked = await this.lockedEntry(manager, actor, id, field);
    assertCanWriteDepartment(actor, locked.entry.departmentId);
    return locked;
  }

  /** As writableEntry, leaving to the caller who may write it (unlink: either end's editors). */
  private async lockedEntry(
    manager: EntityManager,
    actor: Actor,
    id: string,
    field: string,
  ): Promise<{ entry: EntryEntity; version: EntryVersionEntity }> {
    // Anonymous writers are told to authenticate, whether or not the entry is public.
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    assertEntryIdShape(id, field);
    const locked = await this.entries.lockForWrite(manager, actor, id);
    if (!locked) throw new NotFoundError(`Entry ${id}`, field);
    return locked;
  }

  /**
   * Queues both ends of a link for the search index when the link is public: only between two
   * published entries does it show, so only then does either's public view change. (Queued for
   * a link to a draft, the published end's sync showed in the public outbox count, /health.)
   */
  private async syncIfLinkPublic(
    manager: EntityManager,
    ends: EntryEntity[],
    reason: string,
  ): Promise<void> {
    if (!ends.every((end) => end.publishedVersionId)) return;
    for (const end of ends) await enqueueSearchSync(manager, end.id, reason);
  }

  /**
   * Keeps the saved content as the entry's next draft revision (the entry row is locked), saved
   * at `savedAt` (an edit's audit event's time) or else the transaction's start.
   */
  private async keepRevision(
    manager: EntityManager,
    version: Pick<EntryVersionEntity, 'id' | 'entryId' | 'departmentId' | 'number' | 'content'>,
    actor: TokenActor,
    savedAt?: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO entry_draft_revision (entry_id, department_id, version_id, version_number,
         revision, content, saved_at, saved_by_label, saved_by_token_id, saved_by_person_id)
       SELECT $1, $2, $3, $4, COALESCE(max(revision), 0) + 1, $5, COALESCE($9::timestamptz, now()),
              $6, $7, $8
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
        savedAt?.toISOString() ?? null,
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

  /**
   * Inserts the entry under the title's slug, or, when that is taken, the slug with a random
   * suffix. `ON CONFLICT DO NOTHING` decides in the database: a concurrent registration of the
   * same title that commits first makes this insert wait, find the slug taken and take the next
   * one, never fail with a unique violation (which used to answer INTERNAL_SERVER_ERROR).
   * This slug is the draft's, seen by staff only: the public one is settled at first publication
   * (`settleSlugAtFirstPublication`), from the published title and the entries already public.
   */
  private async insertWithFreeSlug(
    manager: EntityManager,
    title: string,
    values: Pick<EntryEntity, 'kind' | 'departmentId' | 'status' | 'version' | 'currentVersionId'>,
  ): Promise<EntryEntity> {
    const base = slugify(title);
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
      const slug = attempt === 0 ? base : suffixedSlug(base);
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(EntryEntity)
        .values({ ...values, slug })
        .orIgnore()
        .returning('id')
        .execute();
      const [row] = inserted.raw as { id: string }[];
      // The row as inserted, without reading it back (register writes and reads it once).
      if (row) return manager.create(EntryEntity, { ...values, slug, id: row.id });
    }
    // 2^24 suffixes per title: only reached if something other than the slug keeps conflicting.
    throw new Error(`no free slug for "${base}" after ${SLUG_ATTEMPTS} attempts`);
  }
}

/** Tries of a slug for a new entry: the title's own, then suffixed ones. */
const SLUG_ATTEMPTS = 8;

/**
 * A language names one translation, a principle one rationale, and the catalogue's `distinct`
 * lists each thing once (legal bases, suppliers, districts…). The API's inputs say so too;
 * imports reach this without them. Only the lists the patch gives are looked at: a list is
 * replaced whole, and an older draft's list is not this edit's to refuse.
 */
function assertNamedOnce(patch: EntryContentPatch): void {
  const problems = repeatedListItems(patch);
  // Named by the repeating item's path, as the catalogue's lists are (`input.principles.1.code`).
  for (const [list, by] of [
    ['translations', 'language'],
    ['principles', 'code'],
  ] as const) {
    const items = patch[list] ?? [];
    const [repeat] = repeatedItems(items, [by]);
    if (repeat)
      problems.push({
        field: `input.${list}.${repeat[0]}.${by}`,
        message: repeatedItemMessage(repeat[1], items[repeat[0]], [by]),
      });
  }
  if (problems.length) throw new BadInputError(problems);
}

/**
 * Each withheld path must be a withholdable field of the entry's kind (from the catalogue), and a
 * withholding must be in force on `today` (the registry's day): an `until` already past would
 * withhold nothing, which the editor cannot have meant. `until` today holds through today.
 */
function assertWithholdable(kind: EntryKind, patch: EntryContentPatch, today: string): void {
  const allowed = withholdablePaths(kind);
  const seen = new Set<string>();
  const problems = (patch.withheld ?? []).flatMap((withheld, i) => {
    const { field } = withheld;
    const at = `input.withheld.${i}.field`;
    if (!withholdingInForce(withheld, today))
      return [
        {
          field: `input.withheld.${i}.until`,
          message: `until ${withheld.until} has passed (today is ${today}): the field would not be withheld; give a date from today on, or none`,
        },
      ];
    if (!allowed.includes(field)) {
      const why = catalogueField(field)
        ? `${field} cannot be withheld on ${aKind(kind)}`
        : `${field} is not a field of an entry`;
      return [
        { field: at, message: `${why}; withholdable are e.g. ${allowed.slice(0, 3).join(', ')}` },
      ];
    }
    if (seen.has(field)) return [{ field: at, message: `${field} is withheld twice` }];
    seen.add(field);
    // One notice per field: a field inside another withheld one, or brought along by it, would
    // carry a second legal ground (or a second end date) that says nothing the first does not.
    const fields = (patch.withheld ?? []).map((w) => w.field);
    const within = fields.find((other) => other !== field && pathWithin(field, other));
    if (within !== undefined)
      return [
        { field: at, message: `${field} is withheld already with ${within}, which holds it` },
      ];
    const bringer = fields.find(
      (other) =>
        other !== field &&
        allowed.includes(other) &&
        withheldAlong(kind, [other]).some((along) => pathWithin(field, along.path)),
    );
    if (bringer !== undefined)
      return [{ field: at, message: `${field} is withheld already, along with ${bringer}` }];
    return [];
  });
  if (problems.length) throw new BadInputError(problems);
}

function auditActor(actor: TokenActor) {
  return { tokenId: actor.tokenId, label: actor.label, role: actor.role };
}

/** The kind with its article, for messages: "an ALGORITHM", "a DATASET", "an IOT_DEPLOYMENT". */
const aKind = (kind: EntryKind): string => `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;

/**
 * A retired entry's record is closed: its own relations stay as they were when it was retired
 * (an entry still in use may point to it).
 */
function assertNotRetired(entry: EntryEntity): void {
  if (entry.status === EntryStatus.RETIRED)
    throw new ConflictError('A retired entry cannot be edited: its relations stay as they were', [
      { field: 'input.fromId', message: 'a retired entry cannot be edited' },
    ]);
}

/**
 * The titles a patch gives, its translations' included, under the title rule: the API's inputs
 * check them too, but the importers reach this without the API in front of it.
 */
function assertTitles(patch: EntryContentPatch): void {
  const problems: { field: string; message: string }[] = [];
  const title = typeof patch.title === 'string' ? titleProblem(patch.title) : undefined;
  if (title) problems.push({ field: 'input.title', message: title });
  (patch.translations ?? []).forEach((translation, i) => {
    const problem = translation.title ? titleProblem(translation.title) : undefined;
    if (problem) problems.push({ field: `input.translations.${i}.title`, message: problem });
  });
  if (problems.length) throw new BadInputError(problems);
}

/** `a DATASET`, `an ALGORITHM`: a kind as a message names one. */
const withArticle = (kind: string): string => `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
