import { ForbiddenError, UnauthenticatedError } from '@insyn/errors';
import { Actor, TokenActor } from './actor';
import { Role } from './role';

/** The actor as a token holder; anonymous → UNAUTHENTICATED. */
export function requireToken(actor: Actor): TokenActor {
  if (actor.kind !== 'token') throw new UnauthenticatedError();
  return actor;
}

/**
 * The actor, if it holds one of the roles: anonymous → UNAUTHENTICATED, another role → FORBIDDEN.
 * Returns the narrowed TokenActor for use in the rest of the operation.
 */
export function requireRole(actor: Actor, ...roles: Role[]): TokenActor {
  const holder = requireToken(actor);
  if (!roles.includes(holder.role)) {
    throw new ForbiddenError(`This needs the role ${roles.join(' or ')}`);
  }
  return holder;
}

/**
 * The one rule tying tokens to departments: an EDITOR token has exactly one department, the other
 * roles none. Returns the problem, or undefined; callers name the field in their own terms
 * (`input.departmentSlug` in GraphQL, `--department` in the CLI).
 */
export function tokenDepartmentProblem(role: Role, hasDepartment: boolean): string | undefined {
  if (role === Role.EDITOR && !hasDepartment) return 'an EDITOR token needs a department';
  if (role !== Role.EDITOR && hasDepartment)
    return `${/^[AEIOU]/.test(role) ? 'an' : 'a'} ${role} token has no department`;
  return undefined;
}
