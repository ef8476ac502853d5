import { migrateDatabase } from '@insyn/database';
import { CliCommand } from '../cli-command';

/**
 * Applies pending migrations as the tables' owner and grants the app role what it needs (the CLI
 * does so before every command anyway): the compose stack's `migrate` job.
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
