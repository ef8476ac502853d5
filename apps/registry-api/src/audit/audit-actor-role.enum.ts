import { registerEnumType } from '@nestjs/graphql';

/**
 * Who acted, as the audit log records it: a token's role, or `RESIDENT` for what residents do
 * without an account. Not `Role`: no token can be made with the resident's role. The token roles keep their names.
 */
export enum AuditActorRole {
  EDITOR = 'EDITOR',
  REVIEWER = 'REVIEWER',
  AUDITOR = 'AUDITOR',
  ADMIN = 'ADMIN',
  RESIDENT = 'RESIDENT',
}

registerEnumType(AuditActorRole, {
  name: 'AuditActorRole',
  description: 'Who acted: the role of a token, or a resident without one.',
  valuesMap: {
    RESIDENT: {
      description:
        'A resident without an account (filing or erasing a concern): no token, label "resident".',
    },
  },
});
