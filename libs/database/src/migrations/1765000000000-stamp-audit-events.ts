import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit rows cannot be back-dated by whoever may insert them (the app role): the database stamps
 * `occurred_at` itself, whatever the INSERT says, and refuses an `id` chosen with OVERRIDING
 * SYSTEM VALUE (a gap below the latest id would put the row earlier in the log): the id must be
 * the one the identity sequence just gave this session. SECURITY DEFINER so that the app role
 * needs no privilege on the sequence; only the owner can drop the trigger.
 */
export class StampAuditEvents1765000000000 implements MigrationInterface {
  name = 'StampAuditEvents1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_event_stamp() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        drawn bigint;
      BEGIN
        BEGIN
          drawn := currval(pg_get_serial_sequence(quote_ident(TG_TABLE_SCHEMA) || '.' || quote_ident(TG_TABLE_NAME), 'id'));
        EXCEPTION WHEN object_not_in_prerequisite_state THEN
          drawn := NULL; -- no id drawn in this session: the row brought its own
        END;
        IF NEW.id IS DISTINCT FROM drawn THEN
          RAISE EXCEPTION 'audit_event ids come from the log itself, never from an INSERT'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        NEW.occurred_at := clock_timestamp();
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_stamp BEFORE INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_stamp()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER audit_event_stamp ON audit_event');
    await q.query('DROP FUNCTION audit_event_stamp');
  }
}
