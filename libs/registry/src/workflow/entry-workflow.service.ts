import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Role, TokenActor } from '@insyn/access';
import { AuditAction, AuditLog } from '@insyn/audit';
import { withTransaction } from '@insyn/database';
import {
  BadInputError,
  ConflictError,
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
import { assertCanWriteDepartment } from '../entries/entry-write-access';
import { EntryEntity } from '../entries/entry.entity';
import { RegistryClock } from '../visibility/registry-clock';
import { versionColumnsOf } from '../visibility/version-columns';

const NOTE_MAX = 4000;

/**
 * The publication workflow: DRAFT → submit → IN_REVIEW → publish → PUBLISHED (or return → DRAFT),
 * then retire → RETIRED. Four eyes: the token that submitted a version cannot publish it, except
 * an admin, which is recorded. Each transition is one transaction with its audit row and, when
 * the public view changes, its search outbox row.
 */
@Injectable()
export class EntryWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: EntriesRepository,
    private readonly audit: AuditLog,
    private readonly clock: RegistryClock,
  ) {}

  /** The department's editors (or an admin) hand a draft to the reviewers. */
  async submit(actor: Actor, id: string, outer?: EntityManager): Promise<EntryView> {
    return this.transition(actor, id, outer, async (manager, entry, version, by) => {
      assertCanWriteDepartment(by, entry.departmentId);
      this.expectStatus(entry, EntryStatus.DRAFT, 'submitted for review');
      const now = new Date();
      await manager.update(EntryVersionEntity, version.id, {
        state: VersionState.IN_REVIEW,
        submittedAt: now,
        submittedByTokenId: by.tokenId,
        submittedByLabel: by.label,
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
    return this.transition(actor, id, undefined, async (manager, entry, version, by) => {
      assertReviewer(by);
      this.expectStatus(entry, EntryStatus.IN_REVIEW, 'returned to draft');
      await manager.update(EntryVersionEntity, version.id, { state: VersionState.DRAFT });
      await manager.update(EntryEntity, entry.id, {
        status: EntryStatus.DRAFT,
        updatedAt: new Date(),
      });
      return { action: AuditAction.ENTRY_RETURNED, details: { reason: text } };
    });
  }

  /** A reviewer publishes a complete version; the previous published version becomes history. */
  async publish(
    actor: Actor,
    id: string,
    changeNote: string,
    outer?: EntityManager,
  ): Promise<EntryView> {
    const note = requiredText(changeNote, 'changeNote');
    return this.transition(actor, id, outer, async (manager, entry, version, by) => {
      assertReviewer(by);
      this.expectStatus(entry, EntryStatus.IN_REVIEW, 'published');
      const sameToken = version.submittedByTokenId === by.tokenId;
      if (sameToken && by.role !== Role.ADMIN) {
        throw new ForbiddenError(
          'Four eyes: the token that submitted this version cannot publish it',
        );
      }
      const { missing } = completenessOf(entry.kind, version.content);
      if (missing.length) {
        throw new BadInputError(
          missing.map((field) => ({ field, message: 'required before publication' })),
          `The entry cannot be published until these fields are filled in: ${missing.join(', ')}`,
        );
      }
      const now = new Date();
      if (entry.publishedVersionId) {
        await manager.update(EntryVersionEntity, entry.publishedVersionId, {
          state: VersionState.SUPERSEDED,
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
        action: AuditAction.ENTRY_PUBLISHED,
        details: {
          changeNote: note,
          ...(sameToken ? { sameTokenSubmittedAndPublished: true } : {}),
        },
      };
    });
  }

  /** Retires a published entry: still publicly readable, marked retired with reason and date. */
  async retire(actor: Actor, id: string, reason: string): Promise<EntryView> {
    const text = requiredText(reason, 'reason');
    return this.transition(actor, id, undefined, async (manager, entry, _version, by) => {
      if (by.role !== Role.REVIEWER) assertCanWriteDepartment(by, entry.departmentId);
      if (entry.status === EntryStatus.RETIRED)
        throw new ConflictError('The entry is already retired');
      if (!entry.publishedVersionId)
        throw new ConflictError(
          'Only a published entry can be retired; this one was never published',
        );
      const now = new Date();
      await manager.update(EntryEntity, entry.id, {
        status: EntryStatus.RETIRED,
        retiredAt: now,
        retirementReason: text,
        updatedAt: now,
      });
      await enqueueSearchSync(manager, entry.id, 'retired');
      return { action: AuditAction.ENTRY_RETIRED, details: { reason: text } };
    });
  }

  private async transition(
    actor: Actor,
    id: string,
    outer: EntityManager | undefined,
    apply: (
      manager: EntityManager,
      entry: EntryEntity,
      version: EntryVersionEntity,
      by: TokenActor,
    ) => Promise<{ action: AuditAction; details: Record<string, unknown> }>,
  ): Promise<EntryView> {
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    await withTransaction(this.dataSource, outer, async (manager) => {
      if (!(await this.entries.findOne(actor, { id }, manager)))
        throw new NotFoundError(`Entry ${id}`, 'id');
      const entry = await this.entries.lockForWrite(manager, id);
      if (!entry?.currentVersionId) throw new NotFoundError(`Entry ${id}`, 'id');
      const version = await manager.findOneByOrFail(EntryVersionEntity, {
        id: entry.currentVersionId,
      });
      const { action, details } = await apply(manager, entry, version, actor);
      await this.audit.record(manager, {
        action,
        actor: { tokenId: actor.tokenId, label: actor.label, role: actor.role },
        entryId: entry.id,
        entryVersion: version.number,
        departmentId: entry.departmentId,
        details,
      });
    });
    return (await this.entries.findOne(actor, { id }, outer))!;
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
  if (!text) throw new BadInputError([{ field, message: `${field} must not be empty` }]);
  if (text.length > NOTE_MAX)
    throw new BadInputError([
      { field, message: `${field} must be at most ${NOTE_MAX} characters` },
    ]);
  return text;
}
