import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of the register mutations: which entry a token's key created, and a hash of
 * the request it came with. A retry with the same token and key finds the entry instead of
 * creating another. Removed with its entry (a discarded draft frees the key).
 */
export class CreateEntryRegistration1765000100000 implements MigrationInterface {
  name = 'CreateEntryRegistration1765000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entry_registration (
        token_id uuid NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        entry_id uuid NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (token_id, idempotency_key)
      )`);
    await q.query('CREATE INDEX entry_registration_entry_idx ON entry_registration (entry_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE entry_registration');
  }
}
