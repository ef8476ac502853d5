import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `token_key_check` held one fingerprint, the key of whichever API process started last: any
 * process started with another key (a one-off, a misconfigured replica) overwrote it, and the CLI
 * then refused the live API's own key. Now a row per API process: the fingerprint of its key, when
 * it started, when it was last seen (it says so every minute while it runs) and when it stopped.
 * The row recorded so far becomes a stopped process seen last at its `recorded_at`: no process
 * refreshes it, and it is still the key seen last until an API starts. The app role may now
 * delete rows (processes long gone). The statements: libs/access/src/token-key-check.ts.
 */
export class KeyTokenKeyCheckByProcess1765401800000 implements MigrationInterface {
  name = 'KeyTokenKeyCheckByProcess1765401800000';

  async up(q: QueryRunner): Promise<void> {
    // The one-row key (and its check) go with the column.
    await q.query(`ALTER TABLE token_key_check DROP COLUMN id`);
    await q.query(`ALTER TABLE token_key_check RENAME COLUMN recorded_at TO started_at`);
    await q.query(
      `ALTER TABLE token_key_check
         ADD COLUMN process_id uuid NOT NULL DEFAULT gen_random_uuid(),
         ADD COLUMN last_seen_at timestamptz,
         ADD COLUMN stopped_at timestamptz`,
    );
    await q.query(`UPDATE token_key_check SET last_seen_at = started_at, stopped_at = started_at`);
    await q.query(
      `ALTER TABLE token_key_check
         ALTER COLUMN process_id DROP DEFAULT,
         ALTER COLUMN last_seen_at SET NOT NULL,
         ALTER COLUMN last_seen_at SET DEFAULT now(),
         ADD PRIMARY KEY (process_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to one row: the key seen last.
    await q.query(
      `DELETE FROM token_key_check WHERE process_id IS DISTINCT FROM (
         SELECT process_id FROM token_key_check ORDER BY last_seen_at DESC, started_at DESC LIMIT 1)`,
    );
    await q.query(
      `ALTER TABLE token_key_check
         DROP COLUMN process_id,
         DROP COLUMN last_seen_at,
         DROP COLUMN stopped_at`,
    );
    await q.query(`ALTER TABLE token_key_check RENAME COLUMN started_at TO recorded_at`);
    await q.query(
      `ALTER TABLE token_key_check
         ADD COLUMN id smallint NOT NULL DEFAULT 1 CHECK (id = 1),
         ADD PRIMARY KEY (id)`,
    );
  }
}
