import { Role } from './role';

/** Who is making a request: a token holder, or the anonymous public. */
export type Actor = TokenActor | AnonymousActor;

export interface TokenActor {
  kind: 'token';
  tokenId: string;
  /** The person the token belongs to (null for operator commands): four eyes compares it. */
  personId: string | null;
  label: string;
  role: Role;
  /** For editors: the one department they may write. */
  departmentId: string | null;
  /** When the token stops authenticating, set only when it has an end date. */
  expiresAt?: Date;
}

export interface AnonymousActor {
  kind: 'anonymous';
}

/** The actor for operator commands run from the CLI. */
export function systemActor(label: string): TokenActor {
  return {
    kind: 'token',
    tokenId: '00000000-0000-0000-0000-000000000000',
    personId: null,
    label,
    role: Role.ADMIN,
    departmentId: null,
  };
}

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };

/** Whether the actor may read unpublished content (drafts, reviews) of the given department. */
export function canReadUnpublished(actor: Actor, departmentId: string): boolean {
  if (actor.kind === 'anonymous') return false;
  if (actor.role === Role.EDITOR) return actor.departmentId === departmentId;
  return true; // reviewers, auditors and admins read everything
}

/** Whether the actor sees every department's drafts (all staff roles but editors). */
export function readsAllUnpublished(actor: Actor): boolean {
  return actor.kind === 'token' && actor.role !== Role.EDITOR;
}
