import { AuditLog } from '@insyn/audit';
import { resolveTokenKey, TokensService } from '@insyn/access';
import { DepartmentsService } from '@insyn/registry';
import { CliCommand } from '../cli-command';

/** Lists API tokens (never secrets): id, prefix, role, department, label, state. */
export const tokenListCommand: CliCommand = {
  name: 'token:list',
  usage:
    'token:list                                                   list API tokens (no secrets)',
  options: {},
  async run(_values, { config, dataSource, print }) {
    const audit = new AuditLog();
    const tokens = await new TokensService(dataSource, resolveTokenKey(config), audit).list();
    const departments = new Map(
      (await new DepartmentsService(dataSource, audit).list()).map((d) => [d.id, d.slug]),
    );
    if (!tokens.length) return print('no API tokens');
    for (const t of tokens) {
      const department = t.departmentId ? (departments.get(t.departmentId) ?? '?') : '-';
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active';
      print([t.id, `${t.prefix}…`, t.role, department, JSON.stringify(t.label), state].join('\t'));
    }
  },
};
