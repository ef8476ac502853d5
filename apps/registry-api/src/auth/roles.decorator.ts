import { SetMetadata } from '@nestjs/common';
import { Role } from '@insyn/access';

export const ROLES_KEY = 'insyn:roles';

/**
 * Only these roles may call the resolver (or every resolver of the class): anonymous →
 * UNAUTHENTICATED, another role → FORBIDDEN. The AuthenticationGuard enforces it before the
 * resolver runs. Department scoping (editors) is the service's business, not this decorator's.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const PUBLIC_PAGES_KEY = 'insyn:publicPages';

/**
 * Pages for the public only (the website): they read as anonymous and never look at an
 * `Authorization` header, so neither a staff browser's revoked token nor a staging proxy's Basic
 * credentials turn a resident's page into an error.
 */
export const PublicPages = () => SetMetadata(PUBLIC_PAGES_KEY, true);
