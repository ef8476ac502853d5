import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Role, TokenActor } from '@insyn/access';
import { AuditAction, AuditLog, AuditSlot } from '@insyn/audit';
import { withTransaction } from '@insyn/database';
import {
  BadInputError,
  characterCount,
  ConflictError,
  emptyTextProblem,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '@insyn/errors';
import { enqueueSearchSync } from '@insyn/outbox';
import { EntriesRepository } from '../entries/entries.repository';
import { completenessOf } from '../entries/entry-completeness';
import { EntryStatus } from '../entries/entry-enums';
import { EntryVersionEntity, VersionState } from '../entries/entry-version.entity';
import { EntryView } from '../entries/entry-view';
import { assertCanWriteDepartment, assertEntryIdShape } from '../entries/entry-write-access';
import { EntryEntity } from '../entries/entry.entity';
import { lockPartOfHierarchy } from '../relations/part-of-lock';
import { RegistryClock } from '../visibility/registry-clock';
import { publicViewNarrows } from '../visibility/public-projection';
import { versionColumnsOf } from '../visibility/version-columns';
import { settleSlugAtFirstPublication } from './first-publication-slug';
import { PublicIndexWithdrawal } from './public-index-withdrawal';

/** Change notes and reasons of the workflow, in characters. */
export const WORKFLOW_NOTE_MAX_LENGTH = 4000;

/** What `discardDraft` did. */
export interface DiscardedDraft {
  entryId: string;
  /** Number of the version discarded. */
  discardedVersion: number;
  /** True when the entry was never published and so is gone altogether. */
  entryRemoved: boolean;
  /** The entry as it now is (back at its published version), or null when it was removed. */
  view: EntryView | null;
}

type Transition = {
  action: AuditAction;
  details: Record<string, unknown>;
  entryVersion?: number;
  /** Runs once the step's own transaction has committed (never inside a caller's transaction). */
  afterCommit?: () => Promise<void>;
};

/** One workflow step, run with the entry locked (EntryWorkflowService.transition). */
type TransitionStep = (
  manager: EntityManager,
  entry: EntryEntity,
  version: EntryVersionEntity,
  by: TokenActor,
  stamp: () => Promise<Date>,
) => Promise<Transition>;

/**
 * The publication workflow: DRAFT → submit → IN_REVIEW → publish → PUBLISHED (or return or
 * withdraw → DRAFT), then retire → RETIRED; a draft may be discarded. Four eyes: the person who
 * submitted a version, or wrote any of it (saved one of its draft revisions: a first version's
 * registration, or an edit), cannot publish it, with that token or any other of theirs, except an admin, which is recorded.
 * Each transition is one transaction with its audit row and, when the public view changes, its
 * search outbox row.
 */
@Injectable()
export class EntryWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: EntriesRepository,
    private readonly audit: AuditLog,
    private readonly clock: RegistryClock,
    @Optional() private readonly withdrawal?: PublicIndexWithdrawal,
  ) {}

  /** The department's editors (or an admin) hand a draft to the reviewers. */
  async submit(actor: Actor, id: string, outer?: EntityManager): Promise<EntryView> {
    return this.transition(actor, id, outer, async (manager, entry, version, by, stamp) => {
      assertCanWriteDepartment(by, entry.departmentId);
      this.expectStatus(entry, EntryStatus.DRAFT, 'submitted for review');
      const now = await stamp();
      // A submission is no change of the entry: its updatedAt stays (TypeORM would stamp it).
      await manager.update(EntryVersionEntity, version.id, {
        state: VersionState.IN_REVIEW,
        updatedAt: () => 'updated_at',
        submittedAt: now,
        submittedByTokenId: by.tokenId,
        submittedByLabel: by.label,
        submittedByPersonId: by.personId,
      });
      await manager.update(EntryEntity, entry.id, {
        status: EntryStatus.IN_REVIEW,
        updatedAt: now,
      });
      return { action: AuditAction.ENTRY_SUBMITTED, details: {} };
    });
  }

  /** A reviewer sends the version back to its editors with a reason. */
  async returnToDraft(actor: Actor, id: string, reason: string): Promise<EntryView> {
    const text = requiredText(reason, 'reason');
    return this.transition(actor, id, undefined, async (manager, entry, version, by, stamp) => {
      assertReviewer(by);
      this.expectStatus(entry, EntryStatus.IN_REVIEW, 'returned to draft');
      // A return is a review too: not of one's own work (the editors withdraw their own).
      await this.fourEyes(manager, version, by, 'return');
      await manager.update(EntryVersionEntity, version.id, {
        state: VersionState.DRAFT,
        updatedAt: () => 'updated_at',
      });
      await manager.update(EntryEntity, entry.id, {
        status: EntryStatus.DRAFT,
        updatedAt: await stamp(),
      });
      return { action: AuditAction.ENTRY_RETURNED, details: { reason: text } };
    });
  }

  /**
   * The department's editors (or an admin) take a submitted version back from review, to go on
   * editing it. Any editor of the department may: a submission is the team's, not one person's;
   * the audit row names who submitted it and whether the same person withdrew it
   * (`withdrawnBySubmitter`: the same token, or another of the same person).
   */
  async withdrawSubmission(actor: Actor, id: string): Promise<EntryView> {
    return this.transition(actor, id, undefined, async (manager, entry, version, by, stamp) => {
      assertCanWriteDepartment(by, entry.departmentId);
      this.expectStatus(entry, EntryStatus.IN_REVIEW, 'withdrawn from review');
      await manager.update(EntryVersionEntity, version.id, {
        state: VersionState.DRAFT,
        updatedAt: () => 'updated_at',
      });
      await manager.update(EntryEntity, entry.id, {
        status: EntryStatus.DRAFT,
        updatedAt: await stamp(),
      });
      return {
        action: AuditAction.ENTRY_SUBMISSION_WITHDRAWN,
        details: {
          submittedBy: version.submittedByLabel,
          submittedAt: version.submittedAt?.toISOString() ?? null,
          withdrawnBySubmitter: submittedBySame(version, by),
        },
      };
    });
  }

  /**
   * The department's editors (or an admin) throw a draft away. A never-published entry disappears
   * with its versions and relations. A published entry's pending version (n+1, in DRAFT) is
   * dropped and the entry is back at its published version n. Refused in review (withdraw the
   * submission first), when retired, and when there is no draft. Nothing public changes either
   * way (the public never saw the draft; relations to a draft are hidden from it and are not in
   * search documents), so no search outbox row is written.
   */
  async discardDraft(actor: Actor, id: string): Promise<DiscardedDraft> {
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    const outcome = await withTransaction(this.dataSource, undefined, async (manager) => {
      const { entry, version } = await this.lockVisible(manager, actor, id);
      assertCanWriteDepartment(actor, entry.departmentId);
      if (entry.status === EntryStatus.IN_REVIEW)
        throw new ConflictError(
          'The entry is in review; withdraw the submission before discarding the draft',
        );
      if (entry.status === EntryStatus.RETIRED)
        throw new ConflictError('A retired entry has no draft to discard');
      if (
        entry.status !== EntryStatus.DRAFT ||
        version.state !== VersionState.DRAFT ||
        version.id === entry.publishedVersionId
      )
        throw new ConflictError('The entry has no draft to discard');

      let details: Record<string, unknown>;
      if (!entry.publishedVersionId) {
        // Removed outright rather than kept and marked: a draft nobody published is not part of the
        // register's history, and a kept row would have to be filtered out of every read. What
        // happened to it stays on record: audit_event.entry_id has no foreign key (the append-only
        // log outlives what it records), so this entry's audit rows, and the one below, remain.
        // Its links go with it, its own and those pointing at it: the event names each one.
        const removedLinks = (await manager.query(
          `WITH removed AS (
             DELETE FROM entry_relation WHERE from_entry_id = $1 OR to_entry_id = $1
             RETURNING id, from_entry_id, to_entry_id, type, created_at
           )
           SELECT from_entry_id AS "fromEntryId", to_entry_id AS "toEntryId", type
             FROM removed ORDER BY created_at, id`,
          [entry.id],
        )) as { fromEntryId: string; toEntryId: string; type: string }[];
        await manager.delete(EntryVersionEntity, { entryId: entry.id });
        await manager.delete(EntryEntity, { id: entry.id });
        details = {
          entryRemoved: true,
          kind: entry.kind,
          slug: entry.slug,
          title: version.content.title,
          removedLinks,
        };
      } else {
        const published = await manager.findOneByOrFail(EntryVersionEntity, {
          id: entry.publishedVersionId,
        });
        await manager.update(EntryEntity, entry.id, {
          currentVersionId: published.id,
          version: published.number,
          status: EntryStatus.PUBLISHED,
          updatedAt: new Date(),
        });
        // The next edit starts version n+1 again: published versions stay numbered without gaps,
        // and the audit log tells the discarded n+1 from the later one by its order.
        await manager.delete(EntryVersionEntity, { id: version.id });
        details = { entryRemoved: false, restoredVersion: published.number };
      }
      await this.audit.record(manager, {
        action: AuditAction.ENTRY_DRAFT_DISCARDED,
        actor: { tokenId: actor.tokenId, label: actor.label, role: actor.role },
        entryId: entry.id,
        entryVersion: version.number,
        departmentId: entry.departmentId,
        details,
      });
      return { entryRemoved: !entry.publishedVersionId, discardedVersion: version.number };
    });
    return {
      entryId: id,
      ...outcome,
      view: outcome.entryRemoved ? null : await this.entries.findOne(actor, { id }),
    };
  }

  /**
   * A reviewer publishes a complete version; the previous published version becomes history. The
   * first publication settles the entry's slug for good (`settleSlugAtFirstPublication`), which
   * may move a never-published entry's slug aside. Either change is told in the ENTRY_PUBLISHED
   * event's details, not in events of their own: the number of events is public (the chain
   * head's id), and one more at a publication would tell that a draft held the title.
   */
  async publish(
    actor: Actor,
    id: string,
    changeNote: string,
    outer?: EntityManager,
  ): Promise<EntryView> {
    const note = requiredText(changeNote, 'changeNote');
    const step: TransitionStep = async (manager, entry, version, by, stamp) => {
      assertReviewer(by);
      this.expectStatus(entry, EntryStatus.IN_REVIEW, 'published');
      if (!entry.publishedVersionId) await this.assertClosesNoPartOfCycle(manager, actor, entry);
      const { sameToken, samePerson, authored } = await this.fourEyes(
        manager,
        version,
        by,
        'publish',
      );
      const { missing, problems } = completenessOf(entry.kind, version.content);
      if (missing.length) {
        // Errors of the API are in English, as all of them are; the Swedish texts are in the
        // completeness report.
        const reasons = problems
          .filter((p) => p.reason !== 'required')
          .map((p) => `. ${p.message.en} (${p.path})`)
          .join('');
        throw new BadInputError(
          problems.map((p) => ({ field: p.path, message: p.message.en })),
          `The entry cannot be published until these fields are filled in: ${missing.join(', ')}${reasons}`,
        );
      }
      // Before the first publication the slug was the draft's; it is now settled for good.
      const slug = await settleSlugAtFirstPublication(manager, entry, version.content.title);
      // What is no longer public leaves the search index before this commits (and before the
      // audit chain's lock is taken below: the search engine is not waited on while holding it),
      // and again once it has: a document an indexer or a rebuild read before the commit, and
      // sent after the first removal, is queued before the second, which Meilisearch then
      // applies after it.
      let afterCommit: (() => Promise<void>) | undefined;
      const withdrawal = this.withdrawal;
      if (entry.publishedVersionId && withdrawal) {
        const published = await manager.findOneByOrFail(EntryVersionEntity, {
          id: entry.publishedVersionId,
        });
        const today = this.clock.today();
        if (publicViewNarrows(published.content, version.content, entry.kind, today)) {
          await withdrawal.withdraw(entry.id, 'before commit');
          afterCommit = () => withdrawal.withdraw(entry.id, 'after commit');
        }
      }
      const now = await stamp();
      if (entry.publishedVersionId) {
        await manager.update(EntryVersionEntity, entry.publishedVersionId, {
          state: VersionState.SUPERSEDED,
          // Its content did not change: keep when it last did (TypeORM would stamp now).
          updatedAt: () => 'updated_at',
        });
      }
      await manager.update(EntryVersionEntity, version.id, {
        // The public columns as of today: a withholding may have ended since the last edit.
        ...versionColumnsOf(version.content, entry.kind, this.clock.today()),
        state: VersionState.PUBLISHED,
        changeNote: note,
        publishedAt: now,
        publishedByTokenId: by.tokenId,
        publishedByLabel: by.label,
        publishedByPersonId: by.personId,
        updatedAt: now,
      });
      await manager.update(EntryEntity, entry.id, {
        status: EntryStatus.PUBLISHED,
        publishedVersionId: version.id,
        firstPublishedAt: entry.firstPublishedAt ?? now,
        lastPublishedAt: now,
        updatedAt: now,
      });
      await enqueueSearchSync(manager, entry.id, 'published');
      return {
        afterCommit,
        action: AuditAction.ENTRY_PUBLISHED,
        details: {
          changeNote: note,
          ...(slug.own ? { slug: { from: slug.own.from, to: slug.own.to } } : {}),
          ...(slug.displaced
            ? {
                slugMovedAside: {
                  entryId: slug.displaced.entryId,
                  departmentId: slug.displaced.departmentId,
                  from: slug.displaced.from,
                  to: slug.displaced.to,
                },
              }
            : {}),
          ...(sameToken ? { sameTokenSubmittedAndPublished: true } : {}),
          ...(samePerson ? { samePersonSubmittedAndPublished: true } : {}),
          ...(authored.some((r) => r.sameToken) ? { sameTokenAuthoredAndPublished: true } : {}),
          ...(authored.length ? { samePersonAuthoredAndPublished: true } : {}),
        },
      };
    };
    // A first publication brings the entry's links into public view (see
    // assertClosesNoPartOfCycle), so it takes the PART_OF hierarchy's lock as links do.
    return this.transition(actor, id, outer, step, { lockPartOfHierarchy: true });
  }

  /**
   * Refuses a first publication that would close a PART_OF cycle among public entries. Links are
   * checked for cycles through the entries their writer may see, not through other departments'
   * drafts: such a cycle closes only when the draft is published, and is refused here, where
   * every entry of it is one the public may see once this one is (so the refusal names one).
   */
  private async assertClosesNoPartOfCycle(
    manager: EntityManager,
    actor: Actor,
    entry: EntryEntity,
  ): Promise<void> {
    const through = await this.entries.partOfCycleOnPublication(manager, entry.id);
    if (!through) return;
    const title = (await this.entries.findOne(actor, { id: through }, manager))?.content.title;
    throw new ConflictError(
      `This entry cannot be published: it is PART_OF the entry ${through}${title ? ` (“${title}”)` : ''}, which is already part of it through published entries, so publishing it would make a PART_OF cycle. Remove one of the cycle's links first (unlinkEntries).`,
    );
  }

  /**
   * Four eyes on a review (a publication or a return): refused to the person who submitted the
   * version or wrote any of it (saved one of its draft revisions: a first version's registration,
   * or an edit), with any of their tokens, unless they are an admin. Read in the transition's
   * transaction, with the entry locked, so that it holds across processes. What it found goes into
   * the audit row of an admin's own review.
   */
  private async fourEyes(
    manager: EntityManager,
    version: EntryVersionEntity,
    by: TokenActor,
    act: 'publish' | 'return',
  ): Promise<{
    sameToken: boolean;
    samePerson: boolean;
    authored: { revision: number; sameToken: boolean }[];
  }> {
    const sameToken = version.submittedByTokenId === by.tokenId;
    const samePerson = submittedBySame(version, by);
    if (samePerson && by.role !== Role.ADMIN) {
      throw new ForbiddenError(
        sameToken
          ? `Four eyes: the token that submitted this version cannot ${act} it`
          : `Four eyes: the person who submitted this version cannot ${act} it, with any of their tokens`,
      );
    }
    const authored = await this.entries.revisionsSavedBy(manager, version.id, by);
    if (authored.length && by.role !== Role.ADMIN) {
      // (Only an admin's token both writes and reviews; reviewers write no drafts.)
      throw new ForbiddenError(
        `Four eyes: the person who wrote part of this version (${revisionList(authored.map((r) => r.revision))}) cannot ${act} it, with any of their tokens; another person must review it`,
      );
    }
    return { sameToken, samePerson, authored };
  }

  /** Retires a published entry: still publicly readable, marked retired with reason and date. */
  async retire(actor: Actor, id: string, reason: string): Promise<EntryView> {
    const text = requiredText(reason, 'reason');
    return this.transition(actor, id, undefined, async (manager, entry, version, by, stamp) => {
      if (by.role !== Role.REVIEWER) assertCanWriteDepartment(by, entry.departmentId);
      if (entry.status === EntryStatus.RETIRED)
        throw new ConflictError('The entry is already retired');
      if (!entry.publishedVersionId)
        throw new ConflictError(
          'Only a published entry can be retired; this one was never published',
        );
      // What is retired is the published version. A later version still pending (a draft, or in
      // review) is discarded with it: a retired entry can be neither edited nor published, so the
      // pending version could never be finished or thrown away, and staff would see its unpublished
      // title as the retired entry's.
      const published = await manager.findOneByOrFail(EntryVersionEntity, {
        id: entry.publishedVersionId,
      });
      const now = await stamp();
      await manager.update(EntryEntity, entry.id, {
        status: EntryStatus.RETIRED,
        retiredAt: now,
        retirementReason: text,
        updatedAt: now,
        currentVersionId: published.id,
        version: published.number,
      });
      if (version.id !== published.id) await manager.delete(EntryVersionEntity, { id: version.id });
      // The retired version is what every reader now sees of the entry, and its retirement is
      // its last change: lists order it, and `updatedSince` finds it, by this time (as search and
      // the feeds do by `retiredAt`). Its content stays as published.
      await manager.update(EntryVersionEntity, published.id, { updatedAt: now });
      await enqueueSearchSync(manager, entry.id, 'retired');
      return {
        action: AuditAction.ENTRY_RETIRED,
        entryVersion: published.number,
        details: {
          reason: text,
          ...(version.id !== published.id ? { discardedPendingVersion: version.number } : {}),
        },
      };
    });
  }

  private async transition(
    actor: Actor,
    id: string,
    outer: EntityManager | undefined,
    apply: TransitionStep,
    options: { lockPartOfHierarchy?: boolean } = {},
  ): Promise<EntryView> {
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    let afterCommit: Transition['afterCommit'];
    await withTransaction(this.dataSource, outer, async (manager) => {
      if (options.lockPartOfHierarchy) await lockPartOfHierarchy(manager);
      const { entry, version } = await this.lockVisible(manager, actor, id);
      // The step's time is its audit event's (taken, with the chain's lock, once the step's other
      // row locks are held): a publication's or retirement's time, which `asOf` reads, is then the
      // time the audit log gives it, not a moment before it.
      let slot: AuditSlot | undefined;
      const stamp = async () => (slot ??= await this.audit.reserve(manager)).at;
      const step = await apply(manager, entry, version, actor, stamp);
      const { action, details, entryVersion } = step;
      // A transaction run again (a deadlock) keeps the last run's.
      afterCommit = step.afterCommit;
      await this.audit.record(
        manager,
        {
          action,
          actor: { tokenId: actor.tokenId, label: actor.label, role: actor.role },
          entryId: entry.id,
          entryVersion: entryVersion ?? version.number,
          departmentId: entry.departmentId,
          details,
        },
        slot,
      );
    });
    // Only a transaction of our own has committed here; a caller's commits later, on its own.
    if (!outer) await afterCommit?.();
    return (await this.entries.findOne(actor, { id }, outer))!;
  }

  /**
   * The entry (NOT_FOUND unless the actor may see it), locked for the write, and its working
   * version: one statement, whose rows the step then uses.
   */
  private async lockVisible(
    manager: EntityManager,
    actor: Actor,
    id: string,
  ): Promise<{ entry: EntryEntity; version: EntryVersionEntity }> {
    assertEntryIdShape(id, 'id');
    const locked = await this.entries.lockForWrite(manager, actor, id);
    if (!locked) throw new NotFoundError(`Entry ${id}`, 'id');
    return locked;
  }

  private expectStatus(entry: EntryEntity, wanted: EntryStatus, verb: string): void {
    if (entry.status !== wanted) {
      throw new ConflictError(
        `Only an entry in ${wanted} can be ${verb}; this one is ${entry.status}`,
      );
    }
  }
}

function assertReviewer(actor: TokenActor): void {
  if (actor.role !== Role.REVIEWER && actor.role !== Role.ADMIN) {
    throw new ForbiddenError('Only a reviewer (or an admin) publishes or returns entries');
  }
}

function requiredText(value: string, field: string): string {
  const text = (value ?? '').trim();
  // Only zero-width spaces or soft hyphens read as nothing: as empty as an empty note.
  const empty = emptyTextProblem(text);
  if (empty) throw new BadInputError([{ field, message: `${field} ${empty}` }]);
  if (characterCount(text) > WORKFLOW_NOTE_MAX_LENGTH)
    throw new BadInputError([
      { field, message: `${field} must be at most ${WORKFLOW_NOTE_MAX_LENGTH} characters` },
    ]);
  return text;
}

/** `draft revision 3`, `draft revisions 1, 2 and 5`; at most five numbers, then how many more. */
function revisionList(numbers: number[]): string {
  if (numbers.length === 1) return `draft revision ${numbers[0]}`;
  const shown = numbers.slice(0, 5);
  const rest = numbers.length - shown.length;
  const listed = rest
    ? `${shown.join(', ')} and ${rest} more`
    : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  return `draft revisions ${listed}`;
}

/**
 * Whether the version was submitted by this actor: the same token, or another token of the same
 * person (operator commands have no person, and compare by token only).
 */
function submittedBySame(version: EntryVersionEntity, by: TokenActor): boolean {
  if (version.submittedByTokenId === by.tokenId) return true;
  return by.personId !== null && version.submittedByPersonId === by.personId;
}
