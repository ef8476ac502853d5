import { MigrationInterface, QueryRunner } from 'typeorm';

/** The table of rate-limiter-flexible's RateLimiterPostgres (its own shape; no entity). */
export const RATE_LIMIT_TABLE = 'rate_limit';

/**
 * Throttle counters shared by every API process: created here, so that the API needs no CREATE
 * right (the limiter is told `tableCreated: true`). The shape is the library's own (key, points,
 * expire in epoch milliseconds). UNLOGGED: counters that live a minute or an hour need no
 * write-ahead log; after a crash PostgreSQL empties the table, which only forgives the current
 * windows. Not replicated to read replicas either, which never read it.
 */
export class CreateRateLimit1765300000000 implements MigrationInterface {
  name = 'CreateRateLimit1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNLOGGED TABLE ${RATE_LIMIT_TABLE} (
         key varchar(255) PRIMARY KEY,
         points integer NOT NULL DEFAULT 0,
         expire bigint
       )`,
    );
    // The limiter deletes expired rows every five minutes.
    await q.query(`CREATE INDEX ${RATE_LIMIT_TABLE}_expire_idx ON ${RATE_LIMIT_TABLE} (expire)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${RATE_LIMIT_TABLE}`);
  }
}
