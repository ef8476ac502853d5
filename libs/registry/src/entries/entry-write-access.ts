import { Actor, Role, TokenActor } from '@insyn/access';
import { BadInputError, ForbiddenError, UnauthenticatedError } from '@insyn/errors';
import { isEntryId } from './entries.repository';

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

/** Whether `assertCanWriteDepartment` would let this actor write the department's entries. */
export function canWriteDepartment(actor: Actor, departmentId: string): actor is TokenActor {
  return (
    actor.kind === 'token' &&
    (actor.role === Role.ADMIN ||
      (actor.role === Role.EDITOR && actor.departmentId === departmentId))
  );
}

/**
 * An entry id that cannot be one is the caller's mistake (BAD_USER_INPUT naming the field), not
 * an entry that is not there; and its text is not repeated back.
 */
export function assertEntryIdShape(id: string, field: string): void {
  if (!isEntryId(id)) throw new BadInputError([{ field, message: 'must be an entry id (a UUID)' }]);
}
