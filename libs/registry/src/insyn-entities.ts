import { ACCESS_ENTITIES } from '@insyn/access';
import { AUDIT_ENTITIES } from '@insyn/audit';
import { OUTBOX_ENTITIES } from '@insyn/outbox';
import { REGISTRY_ENTITIES } from './registry.entities';

/** Every entity Insyn maps, for data sources of the apps, the CLI and tests. */
export const INSYN_ENTITIES = [
  ...REGISTRY_ENTITIES,
  ...ACCESS_ENTITIES,
  ...AUDIT_ENTITIES,
  ...OUTBOX_ENTITIES,
];
