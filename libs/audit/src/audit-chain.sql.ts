import { AuditChainFields, CANONICAL_OCCURRED_AT_SQL } from './audit-chain';

/** An audit_event row as the chain reads it: its hashed fields in canonical form, and its hash. */
export interface AuditChainRow extends AuditChainFields {
  hash: string;
}

/**
 * The select list giving an `AuditChainRow` from `audit_event`. It names `id::text` `id`: order
 * by `audit_event.id`, never by plain `id`, which would sort the text ("10" before "9").
 */
export const AUDIT_CHAIN_COLUMNS_SQL = `
  id::text AS id,
  ${CANONICAL_OCCURRED_AT_SQL('occurred_at')} AS "occurredAt",
  action,
  actor_label AS "actorLabel",
  actor_role AS "actorRole",
  actor_token_id::text AS "actorTokenId",
  entry_id::text AS "entryId",
  entry_version AS "entryVersion",
  department_id::text AS "departmentId",
  details,
  prev_hash AS "prevHash",
  hash`;
