import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_LOCK, CANONICAL_OCCURRED_AT_SQL, GENESIS_HASH } from '@insyn/audit';

/**
 * `audit_event_next()` stamps the time to the millisecond. The workflow writes the time its event
 * was stamped with as the state change's own (a version's `publishedAt`, an entry's `retiredAt`),
 * and the API shows times, and reads `asOf`, to the millisecond: with microseconds in the event
 * only, the version's time (the event's, cut to the millisecond) came before the event's, and an
 * `asOf` between the two showed a publication the audit log had not made yet. Events already
 * stamped keep their time (their hashes cover it).
 */
export class StampAuditEventsInMilliseconds1765400500000 implements MigrationInterface {
  name = 'StampAuditEventsInMilliseconds1765400500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(nextFunction(await schemaOf(q), `date_trunc('milliseconds', clock_timestamp())`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(nextFunction(await schemaOf(q), 'clock_timestamp()'));
  }
}

async function schemaOf(q: QueryRunner): Promise<string> {
  const [{ schema }] = (await q.query('SELECT quote_ident(current_schema()) AS schema')) as {
    schema: string;
  }[];
  return schema;
}

/** SealAuditEvents1765000000000's function, but for the clock (CREATE OR REPLACE keeps its grants). */
function nextFunction(schema: string, clock: string): string {
  return `
    CREATE OR REPLACE FUNCTION audit_event_next(OUT id bigint, OUT occurred_at text, OUT prev_hash text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      stamped timestamptz;
    BEGIN
      PERFORM pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK});
      stamped := ${clock};
      -- Notes of transactions that ended without inserting: they held the lock, so they are over.
      DELETE FROM ${schema}.audit_event_slot AS s WHERE s.xact <> pg_current_xact_id();
      id := nextval(pg_get_serial_sequence('${schema}.audit_event', 'id'));
      occurred_at := ${CANONICAL_OCCURRED_AT_SQL('stamped')};
      SELECT e.hash INTO prev_hash FROM ${schema}.audit_event AS e ORDER BY e.id DESC LIMIT 1;
      prev_hash := coalesce(prev_hash, '${GENESIS_HASH}');
      INSERT INTO ${schema}.audit_event_slot (id, occurred_at, prev_hash, xact)
        VALUES (id, stamped, prev_hash, pg_current_xact_id());
    END $$`;
}
