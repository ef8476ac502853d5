import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditAction } from './audit-action';
import {
  AuditChainFields,
  auditEventHash,
  CANONICAL_OCCURRED_AT_SQL,
  GENESIS_HASH,
} from './audit-chain';
import { AUDIT_CHAIN_COLUMNS_SQL, AuditChainRow } from './audit-chain.sql';
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

/** Fixed advisory lock id: one append to the audit chain at a time (held until commit). */
export const AUDIT_CHAIN_LOCK = 7_270_020;

/**
 * Writes the append-only audit log, as a hash chain: each event stores the hash of the event
 * before it (`prev_hash`) and its own (`hash`, over its fields and `prev_hash`; see
 * `auditEventHash`). Always inside the caller's transaction, so the action and its audit row
 * commit or roll back together. No dependencies: `new AuditLog()` works outside Nest.
 *
 * Appends are serialized by a transaction-scoped advisory lock, taken before the last hash is
 * read and held until the caller's transaction ends: the next append waits, then reads the hash
 * this one committed (or the one before, if this one rolled back). So the chain never forks, and
 * ids (allocated under the lock) follow the chain. A unique index on `prev_hash` makes a fork
 * impossible even for a writer that bypasses this lock. Since every audited write waits for the
 * one before it to commit, record the event as the last write of a transaction.
 */
@Injectable()
export class AuditLog {
  async record(manager: EntityManager, event: AuditEventInput): Promise<AuditEventEntity> {
    if (!manager.queryRunner?.isTransactionActive) {
      // Outside a transaction the lock would end with its own statement, and so would not
      // serialize anything.
      throw new Error('AuditLog.record must run inside a transaction');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    // A statement of its own, after the lock: its snapshot sees the last committed append.
    const [next] = (await manager.query(
      `SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))::text AS id,
              ${CANONICAL_OCCURRED_AT_SQL('clock_timestamp()')} AS "occurredAt",
              (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1) AS "prevHash"`,
    )) as { id: string; occurredAt: string; prevHash: string | null }[];

    const fields: AuditChainFields = {
      id: next.id,
      occurredAt: next.occurredAt,
      action: event.action,
      actorLabel: event.actor.label,
      actorRole: event.actor.role,
      actorTokenId: lowerCaseOrNull(event.actor.tokenId),
      entryId: lowerCaseOrNull(event.entryId),
      entryVersion: event.entryVersion ?? null,
      departmentId: lowerCaseOrNull(event.departmentId),
      // As PostgreSQL will store it and give it back: JSON, undefined members left out.
      details: JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>,
      prevHash: next.prevHash ?? GENESIS_HASH,
    };
    const hash = auditEventHash(fields);
    // insert, never save: save() could turn into an UPDATE, which the table's triggers refuse.
    const [stored] = (await manager.query(
      `INSERT INTO audit_event (id, occurred_at, action, actor_label, actor_role, actor_token_id,
                                entry_id, entry_version, department_id, details, prev_hash, hash)
       OVERRIDING SYSTEM VALUE
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)
       RETURNING ${AUDIT_CHAIN_COLUMNS_SQL}`,
      [
        fields.id,
        fields.occurredAt,
        fields.action,
        fields.actorLabel,
        fields.actorRole,
        fields.actorTokenId,
        fields.entryId,
        fields.entryVersion,
        fields.departmentId,
        JSON.stringify(fields.details),
        fields.prevHash,
        hash,
      ],
    )) as AuditChainRow[];
    // What was stored must hash to what was stored, or audit:verify would report it later.
    if (auditEventHash(stored) !== hash) {
      throw new Error(`audit event ${fields.id} was stored otherwise than it was hashed`);
    }
    return Object.assign(new AuditEventEntity(), {
      ...fields,
      occurredAt: new Date(fields.occurredAt),
      hash,
    });
  }
}

function lowerCaseOrNull(value: string | null | undefined): string | null {
  return value ? value.toLowerCase() : null;
}
