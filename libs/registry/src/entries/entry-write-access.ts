import { Actor, Role, TokenActor } from '@insyn/access';
import { ForbiddenError, UnauthenticatedError } from '@insyn/errors';

/** Only an editor of the owning department or an admin writes an entry's content and links. */
export function assertCanWriteDepartment(
  actor: Actor,
  departmentId: string,
): asserts actor is TokenActor {
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (actor.role === Role.ADMIN) return;
  if (actor.role === Role.EDITOR && actor.departmentId === departmentId) return;
  if (actor.role === Role.EDITOR)
    throw new ForbiddenError('Editors may only change entries of their own department');
  throw new ForbiddenError(`The ${actor.role} role does not change entry content`);
}
