import { Injectable } from '@nestjs/common';
import { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { AuditAction } from './audit-action';
import { AuditEventEntity } from './audit-event.entity';

/**
 * Who did it, as the audit log records it. `TokenActor` of @insyn/access fits this shape; the audit
 * library stays a leaf (access writes audit rows, so audit must not import access).
 */
export interface AuditActor {
  tokenId: string | null;
  label: string;
  role: string;
}

/** One action to record. */
export interface AuditEventInput {
  action: AuditAction;
  actor: AuditActor;
  entryId?: string | null;
  entryVersion?: number | null;
  departmentId?: string | null;
  /** Small, non-secret facts about the action (a change note, a reason, a token's label). */
  details?: Record<string, unknown>;
}

/**
 * Writes the append-only audit log. Always inside the caller's transaction, so the action and its
 * audit row commit or roll back together. No dependencies: `new AuditLog()` works outside Nest.
 */
@Injectable()
export class AuditLog {
  async record(manager: EntityManager, event: AuditEventInput): Promise<AuditEventEntity> {
    const values = {
      action: event.action,
      actorLabel: event.actor.label,
      actorRole: event.actor.role,
      actorTokenId: event.actor.tokenId,
      entryId: event.entryId ?? null,
      entryVersion: event.entryVersion ?? null,
      departmentId: event.departmentId ?? null,
      details: event.details ?? {},
    };
    // insert, never save: save() could turn into an UPDATE, which the table's triggers refuse.
    const result = await manager.insert(
      AuditEventEntity,
      values as QueryDeepPartialEntity<AuditEventEntity>,
    );
    const generated = result.generatedMaps[0] as Partial<AuditEventEntity> | undefined;
    return Object.assign(new AuditEventEntity(), values, generated ?? {});
  }
}
