import { ACCESS_ENTITIES } from '@insyn/access';
import { AUDIT_ENTITIES } from '@insyn/audit';
import { OUTBOX_ENTITIES } from '@insyn/outbox';
import { REGISTRY_ENTITIES } from './registry.entities';

/**
 * Every entity of the registry core and the libraries it builds on, for data sources of the apps,
 * the CLI and tests. Capabilities built on the registry bring their own (apps add
 * `CONCERN_ENTITIES` of @insyn/concerns).
 */
export const INSYN_ENTITIES = [
  ...REGISTRY_ENTITIES,
  ...ACCESS_ENTITIES,
  ...AUDIT_ENTITIES,
  ...OUTBOX_ENTITIES,
];
