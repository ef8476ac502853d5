import { createHash } from 'node:crypto';

/** The `prev_hash` of the first event of the chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Everything an audit event's hash covers, as stored: the event's columns and the hash of the
 * event before it. `id` is the bigint as a decimal string; `occurredAt` is UTC ISO 8601 with
 * exactly six fractional digits (PostgreSQL keeps microseconds), e.g. `2025-01-31T09:15:02.123456Z`;
 * uuids are lower case; `details` is the JSON object as stored.
 */
export interface AuditChainFields {
  id: string;
  occurredAt: string;
  action: string;
  actorLabel: string;
  actorRole: string;
  actorTokenId: string | null;
  entryId: string | null;
  entryVersion: number | null;
  departmentId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/**
 * The SQL expression giving `occurred_at` in the canonical form (`AuditChainFields.occurredAt`).
 * JavaScript dates hold milliseconds only, so the chain never reads the column as a Date.
 */
export const CANONICAL_OCCURRED_AT_SQL = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The canonical text of a JSON value (RFC 8785, the JSON Canonicalization Scheme, for the values
 * JSON.parse produces): object keys sorted by UTF-16 code units at every level, no whitespace,
 * strings and numbers as `JSON.stringify` writes them. Members whose value is `undefined` are
 * left out, as JSON.stringify leaves them out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError('canonicalJson: numbers must be finite');
    }
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`canonicalJson: ${typeof value} is not JSON`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * The hash of an audit event: SHA-256 (lower-case hex) of the UTF-8 canonical JSON of its
 * fields, `prevHash` included, so each event seals the whole history before it. Anyone can
 * recompute it from the fields:
 *
 *   sha256(canonicalJson({ action, actorLabel, actorRole, actorTokenId, departmentId, details,
 *                          entryId, entryVersion, id, occurredAt, prevHash }))
 */
export function auditEventHash(fields: AuditChainFields): string {
  const canonical = canonicalJson({
    action: fields.action,
    actorLabel: fields.actorLabel,
    actorRole: fields.actorRole,
    actorTokenId: fields.actorTokenId,
    departmentId: fields.departmentId,
    details: fields.details,
    entryId: fields.entryId,
    entryVersion: fields.entryVersion,
    id: fields.id,
    occurredAt: fields.occurredAt,
    prevHash: fields.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
