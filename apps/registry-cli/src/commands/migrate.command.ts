import { runMigrations } from '@insyn/database';
import { CliCommand } from '../cli-command';

/** Applies pending migrations (the CLI applies them before every command anyway). */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate                      apply pending database migrations',
  options: {},
  async run(_values, { dataSource, print }) {
    const applied = await runMigrations(dataSource);
    print(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
  },
};
