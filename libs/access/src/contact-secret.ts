import { InsynConfig } from '@insyn/config';
import { DataFolder } from '@insyn/embedded-services';

/** Injection token of the secret that protects residents' contact details and concern codes. */
export const CONTACT_SECRET = Symbol('INSYN_CONTACT_SECRET');

/**
 * INSYN_CONTACT_SECRET, else a secret generated once into the data folder
 * (`<INSYN_DATA_DIR>/contact-secret`, mode 600, written atomically), like the token key. The API,
 * the worker and the CLI resolve the same secret.
 */
export function resolveContactSecret(
  config: Pick<InsynConfig, 'INSYN_CONTACT_SECRET' | 'INSYN_DATA_DIR'>,
): string {
  return (
    config.INSYN_CONTACT_SECRET ?? new DataFolder(config.INSYN_DATA_DIR).secret('contact-secret')
  );
}
