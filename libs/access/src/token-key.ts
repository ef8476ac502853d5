import { InsynConfig } from '@insyn/config';
import { DataFolder } from '@insyn/embedded-services';

/** Injection token of the key that hashes API token secrets. */
export const TOKEN_KEY = Symbol('INSYN_TOKEN_KEY');

/**
 * The key for hashing API tokens: INSYN_TOKEN_SECRET, else a secret generated once into the data
 * folder (`<INSYN_DATA_DIR>/token-secret`, mode 600). The API and the CLI resolve the same key, so
 * tokens made by `npm run cli -- token:create` work against the running server. Changing the key
 * invalidates every token.
 */
export function resolveTokenKey(
  config: Pick<InsynConfig, 'INSYN_TOKEN_SECRET' | 'INSYN_DATA_DIR'>,
): string {
  return config.INSYN_TOKEN_SECRET ?? new DataFolder(config.INSYN_DATA_DIR).secret('token-secret');
}
