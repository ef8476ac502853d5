import { AuditLog } from '@insyn/audit';
import { resolveTokenKey, TokensService } from '@insyn/access';
import { isEntryId } from '@insyn/registry';
import { CliCommand, CliValues, refuseBadUsage } from '../cli-command';
import { operatorLabel } from '../operator-label';

/** No id, or one that no token can have (a UUID, as every record's), before any server starts. */
const usageProblem = (values: CliValues): string | null =>
  typeof values.id !== 'string' || !values.id
    ? '--id is required'
    : !isEntryId(values.id.trim())
      ? '--id must be a token id (a UUID, as token:list shows it)'
      : null;

/** Revokes an API token by id (see `token:list`); effective from the server's next request. */
export const tokenRevokeCommand: CliCommand = {
  name: 'token:revoke',
  usage: 'token:revoke --id ID                                         revoke an API token',
  options: { id: { type: 'string' } },
  usageProblem,
  async run(values, { config, dataSource, print }) {
    refuseBadUsage(usageProblem(values));
    const tokens = new TokensService(dataSource, resolveTokenKey(config), new AuditLog());
    const revoked = await tokens.revoke(String(values.id).trim(), operatorLabel());
    print(
      `Revoked ${revoked.role} token "${revoked.label}" (${revoked.prefix}…, id ${revoked.id}).`,
    );
  },
};
