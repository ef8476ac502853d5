import { MigrationInterface, QueryRunner } from 'typeorm';
import { personNameKey } from '@insyn/access';

/**
 * `person.name_key`: the name as namesakes are compared (`personNameKey`: Unicode NFKC,
 * invisible characters dropped, whitespace collapsed, case and look-alike letters folded), in
 * place of `lower(name)`. Computed here by the same function the app uses, for every person.
 *
 * Persons whose names collide under the new rule (`Anna  Berg` and `Anna Berg`, or two tokens
 * with one label, which the migration creating persons made into two persons) stay as they are:
 * there was and is no unique constraint on names (the check is the app's, serialized by an
 * advisory lock), and a migration cannot tell one human twice from two namesakes; merging them
 * would rewrite who submitted and published what. A new person whose key matches either is
 * refused, naming the older. Auditors list such pairs with
 * `SELECT name_key, array_agg(name), array_agg(id) FROM person GROUP BY name_key HAVING count(*) > 1`.
 */
export class KeyPersonNames1765400300000 implements MigrationInterface {
  name = 'KeyPersonNames1765400300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE person ADD COLUMN name_key text');
    const persons: { id: string; name: string }[] = await q.query('SELECT id, name FROM person');
    if (persons.length) {
      await q.query(
        `UPDATE person SET name_key = keyed.name_key
           FROM unnest($1::uuid[], $2::text[]) AS keyed (id, name_key)
          WHERE person.id = keyed.id`,
        [persons.map((p) => p.id), persons.map((p) => personNameKey(p.name))],
      );
    }
    await q.query('ALTER TABLE person ALTER COLUMN name_key SET NOT NULL');
    await q.query('DROP INDEX person_name_idx');
    await q.query('CREATE INDEX person_name_key_idx ON person (name_key, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX person_name_key_idx');
    await q.query('ALTER TABLE person DROP COLUMN name_key');
    await q.query('CREATE INDEX person_name_idx ON person (lower(name))');
  }
}
