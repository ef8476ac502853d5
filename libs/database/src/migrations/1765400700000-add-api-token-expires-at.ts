import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `api_token.expires_at`: when the token stops authenticating, or null for a token without an
 * end date. Existing tokens keep none (null): nothing that works today stops working.
 */
export class AddApiTokenExpiresAt1765400700000 implements MigrationInterface {
  name = 'AddApiTokenExpiresAt1765400700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE api_token ADD COLUMN expires_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE api_token DROP COLUMN expires_at');
  }
}
