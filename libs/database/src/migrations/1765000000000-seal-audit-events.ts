import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_LOCK, CANONICAL_OCCURRED_AT_SQL, GENESIS_HASH } from '@insyn/audit';

/**
 * The database, not whoever inserts, decides where an audit event goes in the chain and when it
 * happened, so that the app role (which may INSERT into audit_event, never UPDATE or DELETE, and
 * owns nothing) can neither back-date an event, choose its id, nor link it anywhere but to the
 * head. The chain's hash still covers exactly what is stored (docs/adr/0005-audit-hash-chain.md):
 *
 * - `audit_event_next()` (SECURITY DEFINER: the caller needs no privilege on the sequence) takes
 *   the chain's advisory lock (held until the transaction ends), draws the next id, stamps the
 *   time with the database's clock (`clock_timestamp()`, in the chain's canonical form) and reads
 *   the head's hash, and notes the three in `audit_event_slot`, a table only the owner can touch,
 *   keyed by the id and the transaction. The caller hashes the event with them.
 * - The BEFORE INSERT trigger `audit_event_seal` (SECURITY DEFINER) admits a row only with an id
 *   drawn so in the same transaction, and with that very time and previous hash; it spends the
 *   note. Anything else (a chosen or default id, another time, another link) is refused with
 *   insufficient_privilege. Only the owner can drop or disable the trigger.
 */
export class SealAuditEvents1765000000000 implements MigrationInterface {
  name = 'SealAuditEvents1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ schema }] = (await q.query('SELECT quote_ident(current_schema()) AS schema')) as {
      schema: string;
    }[];
    await q.query(`
      CREATE TABLE audit_event_slot (
        id bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        prev_hash text NOT NULL,
        xact xid8 NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_event_next(OUT id bigint, OUT occurred_at text, OUT prev_hash text)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        stamped timestamptz;
      BEGIN
        PERFORM pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK});
        stamped := clock_timestamp();
        -- Notes of transactions that ended without inserting: they held the lock, so they are over.
        DELETE FROM ${schema}.audit_event_slot AS s WHERE s.xact <> pg_current_xact_id();
        id := nextval(pg_get_serial_sequence('${schema}.audit_event', 'id'));
        occurred_at := ${CANONICAL_OCCURRED_AT_SQL('stamped')};
        SELECT e.hash INTO prev_hash FROM ${schema}.audit_event AS e ORDER BY e.id DESC LIMIT 1;
        prev_hash := coalesce(prev_hash, '${GENESIS_HASH}');
        INSERT INTO ${schema}.audit_event_slot (id, occurred_at, prev_hash, xact)
          VALUES (id, stamped, prev_hash, pg_current_xact_id());
      END $$`);
    // Granted to the app role by grantAppPrivileges, not to everyone.
    await q.query('REVOKE EXECUTE ON FUNCTION audit_event_next() FROM PUBLIC');
    await q.query(`
      CREATE FUNCTION audit_event_seal() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        sealed record;
      BEGIN
        DELETE FROM ${schema}.audit_event_slot AS s
         WHERE s.id = NEW.id AND s.xact = pg_current_xact_id()
        RETURNING s.occurred_at, s.prev_hash INTO sealed;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'audit_event ids come from audit_event_next() in the same transaction, never from an INSERT'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.occurred_at IS DISTINCT FROM sealed.occurred_at THEN
          RAISE EXCEPTION 'audit_event % must carry the time audit_event_next() stamped', NEW.id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.prev_hash IS DISTINCT FROM sealed.prev_hash THEN
          RAISE EXCEPTION 'audit_event % must follow the head of the chain', NEW.id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_seal BEFORE INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_seal()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER audit_event_seal ON audit_event');
    await q.query('DROP FUNCTION audit_event_seal()');
    await q.query('DROP FUNCTION audit_event_next()');
    await q.query('DROP TABLE audit_event_slot');
  }
}
