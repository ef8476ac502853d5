import { CliCommand } from '../cli-command';
import { migrateCommand } from './migrate.command';

/** Every operator command, in `--help` order. */
export const COMMANDS: CliCommand[] = [migrateCommand];
