import { migrateDatabase } from '@insyn/database';
import { CliCommand } from '../cli-command';

/**
 * Applies pending migrations as the tables' owner and grants the app role what it needs: the
 * compose stack's `migrate` job, and the upgrade's step after the backup. The only command that
 * migrates a database holding the schema; the others refuse one with migrations pending.
 */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate                      apply pending database migrations',
  options: {},
  async run(_values, { dataSource, migrationUrl, print }) {
    const applied = await migrateDatabase(dataSource, migrationUrl);
    print(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
  },
};
