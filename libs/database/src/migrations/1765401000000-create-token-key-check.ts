import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `token_key_check`: one row, a fingerprint of the key tokens are hashed with (HMAC of a fixed
 * text under INSYN_TOKEN_SECRET; it tells nothing of the key). The API records its key's at
 * start; the CLI compares before it makes a token, so that a CLI given another key says so
 * instead of printing a token that no API accepts.
 */
export class CreateTokenKeyCheck1765401000000 implements MigrationInterface {
  name = 'CreateTokenKeyCheck1765401000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE token_key_check (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE token_key_check');
  }
}
