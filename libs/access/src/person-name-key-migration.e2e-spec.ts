import { DataSource } from 'typeorm';
import { AUDIT_ENTITIES, AuditLog } from '@insyn/audit';
import { ConflictError } from '@insyn/errors';
import { buildDataSourceOptions, MIGRATIONS } from '@insyn/database';
import { TestDatabase } from '@insyn/testing';
import { ACCESS_ENTITIES, personNameKey, PersonsService } from './index';

/** The migration that keys person names for the namesake check. */
describe('the migration that keys person names', () => {
  it('keys every person, keeps persons whose names now collide, and refuses a new namesake of them', async () => {
    const database = await TestDatabase.create('person-name-key-migration');
    const options = buildDataSourceOptions(
      database.migrationUrl,
      [...ACCESS_ENTITIES, ...AUDIT_ENTITIES],
      2,
    );
    const before = MIGRATIONS.findIndex((m) => m.name === 'KeyPersonNames1765400300000');
    expect(before).toBeGreaterThan(0);
    const old = await new DataSource({
      ...options,
      migrations: MIGRATIONS.slice(0, before),
    }).initialize();
    let current: DataSource | undefined;
    try {
      await old.runMigrations({ transaction: 'each' });
      const person = async (name: string, daysAgo: number) =>
        (
          await old.query(
            `INSERT INTO person (name, created_at, created_by_label)
             VALUES ($1, now() - make_interval(days => $2), 'cli:ops') RETURNING id`,
            [name, daysAgo],
          )
        )[0].id as string;
      // Namesakes under the new rule, recorded when only case was ignored.
      const anna = await person('Anna Berg', 3);
      const annaSpaced = await person('Anna  Berg', 2);
      const annaCyrillic = await person('\u0410nna Berg', 1);
      const bo = await person('Bo', 1);
      await old.destroy();

      current = await new DataSource({
        ...options,
        migrations: MIGRATIONS.slice(0, before + 1),
      }).initialize();
      await current.runMigrations({ transaction: 'each' });
      const rows: { id: string; name: string; name_key: string }[] = await current.query(
        'SELECT id, name, name_key FROM person ORDER BY created_at, name',
      );
      expect(rows.map((r) => r.id)).toEqual([anna, annaSpaced, annaCyrillic, bo]);
      for (const row of rows) expect(row.name_key).toBe(personNameKey(row.name));
      expect(new Set(rows.slice(0, 3).map((r) => r.name_key))).toEqual(new Set(['anna berg']));

      // A new "ANNA BERG" is refused, naming the oldest of them.
      const persons = new PersonsService(current, new AuditLog());
      const refused = await persons.create({ name: 'ANNA BERG' }, 'cli:test').catch((e) => e);
      expect(refused).toBeInstanceOf(ConflictError);
      expect((refused as ConflictError).fields).toEqual([
        { field: 'name', message: `a person of this name exists: ${anna}` },
      ]);
      await expect(
        current.query(`INSERT INTO person (name, created_by_label) VALUES ('x', 'x')`),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23502' }) });

      // And back down: the key goes, the index on lower(name) returns.
      await current.undoLastMigration({ transaction: 'each' });
      const [index] = await current.query(
        `SELECT indexdef FROM pg_indexes WHERE indexname = 'person_name_idx'`,
      );
      expect(index.indexdef).toContain('lower(name)');
    } finally {
      if (old.isInitialized) await old.destroy();
      await current?.destroy();
      await database.drop();
    }
  });

  it('keys again, before NFKC too, only the persons whose key changes', async () => {
    const database = await TestDatabase.create('person-name-rekey-migration');
    const options = buildDataSourceOptions(
      database.migrationUrl,
      [...ACCESS_ENTITIES, ...AUDIT_ENTITIES],
      2,
    );
    const at = MIGRATIONS.findIndex((m) => m.name === 'RekeyPersonNamesBeforeNfkc1765401600000');
    expect(at).toBeGreaterThan(0);
    const dataSource = await new DataSource({
      ...options,
      migrations: MIGRATIONS.slice(0, at),
    }).initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      // As the rule before keyed them: NFKC first made the lunate sigma a σ ('ʃ' once folded).
      await dataSource.query(
        `INSERT INTO person (name, name_key, created_by_label)
         VALUES ('\u03f9arl', 'ʃarl', 'cli:ops'), ('Carl', 'carl', 'cli:ops')`,
      );
      await dataSource.destroy();
      const current = await new DataSource({
        ...options,
        migrations: MIGRATIONS.slice(0, at + 1),
      }).initialize();
      try {
        await current.runMigrations({ transaction: 'each' });
        const rows: { name: string; name_key: string }[] = await current.query(
          'SELECT name, name_key FROM person ORDER BY name',
        );
        expect(rows).toEqual([
          { name: 'Carl', name_key: 'carl' },
          { name: '\u03f9arl', name_key: 'carl' },
        ]);
      } finally {
        await current.destroy();
      }
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    }
  });
});
