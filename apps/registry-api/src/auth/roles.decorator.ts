import { SetMetadata } from '@nestjs/common';
import { Role } from '@insyn/access';

export const ROLES_KEY = 'insyn:roles';

/**
 * Only these roles may call the resolver (or every resolver of the class): anonymous →
 * UNAUTHENTICATED, another role → FORBIDDEN. The AuthenticationGuard enforces it before the
 * resolver runs. Department scoping (editors) is the service's business, not this decorator's.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
