import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UnauthenticatedError } from '@insyn/errors';
import { AuditAction } from './audit-action';
import { AuditChainFields, auditEventHash } from './audit-chain';
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

/**
 * The actor of what residents do without an account (filing and erasing a concern): no token,
 * no name, the role `RESIDENT`, which no token can hold.
 */
export const RESIDENT_AUDIT_ACTOR: Readonly<AuditActor> = {
  tokenId: null,
  label: 'resident',
  role: 'RESIDENT',
};

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

/** An event's place in the chain, taken by `AuditLog.reserve`: its id, time and previous hash. */
export interface AuditSlot {
  id: string;
  /** Canonical, as the hash covers it (microseconds, always 000 since the time is stamped in ms). */
  occurredAt: string;
  prevHash: string;
  /** The same time as a Date. */
  at: Date;
}

/**
 * Fixed advisory lock id: one append to the audit chain at a time (held until commit). Taken by
 * the database function audit_event_next() (migration SealAuditEvents1765000000000).
 */
export const AUDIT_CHAIN_LOCK = 7_270_020;

/**
 * Writes the append-only audit log, as a hash chain: each event stores the hash of the event
 * before it (`prev_hash`) and its own (`hash`, over its fields and `prev_hash`; see
 * `auditEventHash`). Always inside the caller's transaction, so the action and its audit row
 * commit or roll back together. No dependencies: `new AuditLog()` works outside Nest.
 *
 * The database decides the event's place and time: `audit_event_next()` (SECURITY DEFINER) takes
 * a transaction-scoped advisory lock, held until the caller's transaction ends, then draws the
 * id, stamps the time with the database's clock and reads the head's hash; the BEFORE INSERT
 * trigger `audit_event_seal` admits only a row carrying exactly those, drawn in the same
 * transaction. So the app role, which may insert, can neither back-date an event, choose its id,
 * nor link it elsewhere than to the head, and the hash covers the stamped values. The next
 * append waits for the lock, then reads the hash this one committed (or the one before, if this
 * one rolled back): the chain never forks, and ids follow it. A unique index on `prev_hash`
 * makes a fork impossible even for a writer that bypasses all this (the owner, with triggers
 * off). Since every audited write waits for the one before it to commit, record the event as
 * the last write of a transaction.
 */
@Injectable()
export class AuditLog {
  /**
   * Takes the event's place and time in the chain now (and with them the chain's lock, held to
   * commit), for a write that stores the event's time as its own: `record` with this slot then
   * appends the event there. The time is the database's, to the millisecond, as a `Date` holds it.
   * Take it after the transaction's other row locks, as `record` would be: a slot held while
   * waiting for a row lock could deadlock with a writer holding that row and waiting for the chain.
   */
  async reserve(manager: EntityManager): Promise<AuditSlot> {
    if (!manager.queryRunner?.isTransactionActive) {
      // Outside a transaction the lock would end with its own statement, and so would not
      // serialize anything.
      throw new Error('AuditLog.record must run inside a transaction');
    }
    // The database gives the id, the time and the link (audit_event_next(), under the chain's
    // lock); the insert must carry exactly these, or the audit_event_seal trigger refuses it.
    const [next] = (await manager.query(
      `SELECT id::text AS id, occurred_at AS "occurredAt", prev_hash AS "prevHash"
         FROM audit_event_next()`,
    )) as { id: string; occurredAt: string; prevHash: string }[];
    return { ...next, at: new Date(next.occurredAt) };
  }

  /** Appends the event, in the slot `reserve` took in this transaction or in a new one. */
  async record(
    manager: EntityManager,
    event: AuditEventInput,
    slot?: AuditSlot,
  ): Promise<AuditEventEntity> {
    const next = slot ?? (await this.reserve(manager));

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
      prevHash: next.prevHash,
    };
    const hash = auditEventHash(fields);
    // insert, never save: save() could turn into an UPDATE, which the table's triggers refuse.
    // Not for a token revoked by another transaction, or past its end date at the event's time:
    // the token was live when the request came, but a revocation that committed since (its event
    // is before this one in the chain: the chain's lock orders them), or its end date passing,
    // ends its requests still in flight, so that no event of a token follows its revocation or
    // its end. Its own revocation (this transaction's) is its last event.
    const [stored] = (await manager.query(
      `INSERT INTO audit_event (id, occurred_at, action, actor_label, actor_role, actor_token_id,
                                entry_id, entry_version, department_id, details, prev_hash, hash)
       OVERRIDING SYSTEM VALUE
       SELECT $1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12
        WHERE NOT EXISTS (SELECT 1 FROM api_token t
                           WHERE t.id = $6::uuid
                             AND ((t.revoked_at IS NOT NULL AND t.xmin <> pg_current_xact_id()::xid)
                                  OR t.expires_at <= $2::timestamptz))
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
    if (!stored) throw new UnauthenticatedError('Invalid API token');
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
