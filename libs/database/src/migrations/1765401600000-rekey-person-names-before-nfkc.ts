import { MigrationInterface, QueryRunner } from 'typeorm';
import { personNameKey } from '@insyn/access';

/**
 * `person.name_key` computed again: `personNameKey` now also folds look-alike characters before
 * NFKC, which had turned some of them (Greek lunate sigma `Ϲ`, the vertical colon `︰`) into
 * characters that no longer look like the Latin letter, so that `Ϲarl` and `Carl` were two
 * persons. As KeyPersonNames1765400300000 did: persons whose keys now collide stay as they are
 * (there is no unique constraint; a new person matching either is refused, naming the older).
 * Only keys that change are written.
 */
export class RekeyPersonNamesBeforeNfkc1765401600000 implements MigrationInterface {
  name = 'RekeyPersonNamesBeforeNfkc1765401600000';

  async up(q: QueryRunner): Promise<void> {
    const persons: { id: string; name: string; name_key: string }[] = await q.query(
      'SELECT id, name, name_key FROM person',
    );
    const changed = persons
      .map((p) => ({ id: p.id, key: personNameKey(p.name), was: p.name_key }))
      .filter((p) => p.key !== p.was);
    if (!changed.length) return;
    await q.query(
      `UPDATE person SET name_key = keyed.name_key
         FROM unnest($1::uuid[], $2::text[]) AS keyed (id, name_key)
        WHERE person.id = keyed.id`,
      [changed.map((p) => p.id), changed.map((p) => p.key)],
    );
  }

  async down(): Promise<void> {
    // The keys of the rule before cannot be told from the names without its code; they stay.
  }
}
