import { CliCommand } from '../cli-command';
import { auditVerifyCommand } from './audit-verify.command';
import { departmentCreateCommand } from './department-create.command';
import { exportCommand } from './export.command';
import { importCommand } from './import.command';
import { signCommand } from './sign.command';
import { migrateCommand } from './migrate.command';
import { reindexCommand } from './reindex.command';
import { reportCommand } from './report.command';
import { searchVerifyCommand } from './search-verify.command';
import { tokenCreateCommand } from './token-create.command';
import { tokenListCommand } from './token-list.command';
import { tokenRevokeCommand } from './token-revoke.command';

/** Every operator command, in `--help` order. */
export const COMMANDS: CliCommand[] = [
  migrateCommand,
  departmentCreateCommand,
  tokenCreateCommand,
  tokenListCommand,
  tokenRevokeCommand,
  reindexCommand,
  searchVerifyCommand,
  exportCommand,
  importCommand,
  signCommand,
  auditVerifyCommand,
  reportCommand,
];
