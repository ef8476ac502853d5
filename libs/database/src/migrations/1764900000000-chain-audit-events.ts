import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_COLUMNS_SQL, AuditChainRow, auditEventHash, GENESIS_HASH } from '@insyn/audit';

const BACKFILL_PAGE = 1_000;

/**
 * The audit log becomes a hash chain: each event gets the hash of the event before it
 * (`prev_hash`) and its own (`hash`, SHA-256 over its canonical fields and `prev_hash`; see
 * `auditEventHash` in @insyn/audit). Existing events are chained in id order, with the
 * append-only trigger disabled for the backfill only (this transaction; migrations run as the
 * table's owner). A unique `prev_hash` forbids forks: no two events can follow the same one.
 */
export class ChainAuditEvents1764900000000 implements MigrationInterface {
  name = 'ChainAuditEvents1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_event ADD COLUMN prev_hash text, ADD COLUMN hash text');
    await q.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change');
    let prevHash = GENESIS_HASH;
    let after = '0';
    for (;;) {
      const rows = (await q.query(
        `SELECT ${AUDIT_CHAIN_COLUMNS_SQL} FROM audit_event
          WHERE audit_event.id > $1 ORDER BY audit_event.id LIMIT $2`,
        [after, BACKFILL_PAGE],
      )) as AuditChainRow[];
      if (!rows.length) break;
      const ids: string[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        const hash = auditEventHash({ ...row, prevHash });
        ids.push(row.id);
        prevHashes.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      await q.query(
        `UPDATE audit_event AS event SET prev_hash = chained.prev_hash, hash = chained.hash
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS chained (id, prev_hash, hash)
          WHERE event.id = chained.id`,
        [ids, prevHashes, hashes],
      );
      after = rows[rows.length - 1].id;
    }
    await q.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change');
    await q.query(`
      ALTER TABLE audit_event
        ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL,
        ADD CONSTRAINT audit_event_hash_format
          CHECK (prev_hash ~ '^[0-9a-f]{64}$' AND hash ~ '^[0-9a-f]{64}$')`);
    await q.query('CREATE UNIQUE INDEX audit_event_prev_hash_key ON audit_event (prev_hash)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX audit_event_prev_hash_key');
    await q.query(
      'ALTER TABLE audit_event DROP CONSTRAINT audit_event_hash_format, DROP COLUMN hash, DROP COLUMN prev_hash',
    );
  }
}
