import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens belong to named persons, so that four eyes compares people, not tokens. Each existing
 * token gets a person of its own, named after its label (the label named the person or system it
 * was for); `api_token.person_id` is then required. Versions record the person who submitted and
 * who published them (backfilled through their tokens), and tokens who revoked them (backfilled
 * from the audit log).
 */
export class CreatePersons1764910000000 implements MigrationInterface {
  name = 'CreatePersons1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 120),
        email text CHECK (length(email) <= 254),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by_label text NOT NULL
      )`);
    await q.query('CREATE INDEX person_name_idx ON person (lower(name))');

    await q.query(
      'ALTER TABLE api_token ADD COLUMN person_id uuid, ADD COLUMN revoked_by_label text',
    );
    await q.query('UPDATE api_token SET person_id = gen_random_uuid()');
    await q.query(`
      INSERT INTO person (id, name, created_at, created_by_label)
      SELECT person_id, left(btrim(label), 120), created_at, 'migration: named after the token label'
        FROM api_token`);
    await q.query(`
      ALTER TABLE api_token
        ALTER COLUMN person_id SET NOT NULL,
        ADD CONSTRAINT api_token_person_fk FOREIGN KEY (person_id) REFERENCES person (id)`);
    await q.query('CREATE INDEX api_token_person_idx ON api_token (person_id)');
    await q.query(`
      UPDATE api_token AS token SET revoked_by_label = revocation.actor_label
        FROM audit_event AS revocation
       WHERE token.revoked_at IS NOT NULL
         AND revocation.action = 'TOKEN_REVOKED'
         AND revocation.details ->> 'tokenId' = token.id::text`);

    await q.query(`
      ALTER TABLE entry_version
        ADD COLUMN submitted_by_person_id uuid REFERENCES person (id),
        ADD COLUMN published_by_person_id uuid REFERENCES person (id)`);
    await q.query(`
      UPDATE entry_version AS version SET submitted_by_person_id = token.person_id
        FROM api_token AS token WHERE token.id = version.submitted_by_token_id`);
    await q.query(`
      UPDATE entry_version AS version SET published_by_person_id = token.person_id
        FROM api_token AS token WHERE token.id = version.published_by_token_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE entry_version DROP COLUMN published_by_person_id, DROP COLUMN submitted_by_person_id',
    );
    await q.query(
      'ALTER TABLE api_token DROP CONSTRAINT api_token_person_fk, DROP COLUMN person_id, DROP COLUMN revoked_by_label',
    );
    await q.query('DROP TABLE person');
  }
}
