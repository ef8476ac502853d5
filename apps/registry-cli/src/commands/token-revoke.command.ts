import { AuditLog } from '@insyn/audit';
import { resolveTokenKey, TokensService } from '@insyn/access';
import { CliCommand } from '../cli-command';
import { operatorLabel } from '../operator-label';

/** Revokes an API token by id (see `token:list`); effective from the server's next request. */
export const tokenRevokeCommand: CliCommand = {
  name: 'token:revoke',
  usage: 'token:revoke --id ID                                         revoke an API token',
  options: { id: { type: 'string' } },
  async run(values, { config, dataSource, print }) {
    if (typeof values.id !== 'string' || !values.id) throw new Error('--id is required');
    const tokens = new TokensService(dataSource, resolveTokenKey(config), new AuditLog());
    const revoked = await tokens.revoke(values.id, operatorLabel());
    print(
      `Revoked ${revoked.role} token "${revoked.label}" (${revoked.prefix}…, id ${revoked.id}).`,
    );
  },
};
