import { AuditLog } from '@insyn/audit';
import {
  ADMIN_TOKEN_WARNING_DAYS,
  adminTokenWarning,
  adminTokenWarningMessage,
  endsWithinWarningDays,
  PersonsService,
  resolveTokenKey,
  TokensService,
} from '@insyn/access';
import { DepartmentsService } from '@insyn/registry';
import { CliCommand } from '../cli-command';

/**
 * Lists API tokens (never secrets): id, prefix, role, department, person, label, state (active,
 * `active until <expiry>`, marked `(ends within 14 days)` when it does, `expired <expiry>` or
 * revoked). When every live ADMIN token ends within 14 days (or none is left), a warning on stderr.
 */
export const tokenListCommand: CliCommand = {
  name: 'token:list',
  usage:
    'token:list                                                   list API tokens and their persons (no secrets)',
  options: {},
  async run(_values, { config, dataSource, print, log }) {
    const audit = new AuditLog();
    const tokens = await new TokensService(dataSource, resolveTokenKey(config), audit).list();
    const departments = new Map(
      (await new DepartmentsService(dataSource, audit).list()).map((d) => [d.id, d.slug]),
    );
    const persons = new Map(
      (await new PersonsService(dataSource, audit).list()).map((p) => [p.id, p]),
    );
    if (!tokens.length) return print('no API tokens');
    const now = new Date();
    for (const t of tokens) {
      const department = t.departmentId ? (departments.get(t.departmentId) ?? '?') : '-';
      const person = persons.get(t.personId);
      const expiry = t.expiresAt?.toISOString();
      const state = t.revokedAt
        ? `revoked ${t.revokedAt.toISOString()} by ${JSON.stringify(t.revokedByLabel ?? '?')}`
        : expiry && t.expiresAt!.getTime() <= now.getTime()
          ? `expired ${expiry}`
          : expiry
            ? `active until ${expiry}${endsWithinWarningDays(t.expiresAt, now) ? ` (ends within ${ADMIN_TOKEN_WARNING_DAYS} days)` : ''}`
            : 'active';
      print(
        [
          t.id,
          `${t.prefix}…`,
          t.role,
          department,
          `person ${t.personId} ${JSON.stringify(person?.name ?? '?')}`,
          JSON.stringify(t.label),
          state,
        ].join('\t'),
      );
    }
    const warning = adminTokenWarning(tokens, now);
    if (warning) log.warn(adminTokenWarningMessage(warning));
  },
};
