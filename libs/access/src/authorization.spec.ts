import { ErrorCode } from '@insyn/errors';
import { ANONYMOUS, TokenActor } from './actor';
import { requireRole, requireToken, tokenDepartmentProblem } from './authorization';
import { Role } from './role';

const holder = (role: Role): TokenActor => ({
  kind: 'token',
  tokenId: '11111111-1111-4111-8111-111111111111',
  personId: '33333333-3333-4333-8333-333333333333',
  label: `a ${role}`,
  role,
  departmentId: role === Role.EDITOR ? '22222222-2222-4222-8222-222222222222' : null,
});

const codeOf = (work: () => unknown) => {
  try {
    work();
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('requireRole', () => {
  it('refuses anonymous with UNAUTHENTICATED and other roles with FORBIDDEN', () => {
    expect(codeOf(() => requireRole(ANONYMOUS, Role.ADMIN))).toBe(ErrorCode.UNAUTHENTICATED);
    expect(codeOf(() => requireRole(holder(Role.AUDITOR), Role.ADMIN))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(() => requireRole(holder(Role.EDITOR), Role.REVIEWER, Role.ADMIN))).toBe(
      ErrorCode.FORBIDDEN,
    );
  });

  it('returns the token holder when one of the roles matches', () => {
    const reviewer = holder(Role.REVIEWER);
    expect(requireRole(reviewer, Role.REVIEWER, Role.ADMIN)).toBe(reviewer);
    expect(requireToken(reviewer)).toBe(reviewer);
    expect(codeOf(() => requireToken(ANONYMOUS))).toBe(ErrorCode.UNAUTHENTICATED);
  });
});

describe('tokenDepartmentProblem', () => {
  it('requires a department for editors and refuses one for the other roles', () => {
    expect(tokenDepartmentProblem(Role.EDITOR, true)).toBeUndefined();
    expect(tokenDepartmentProblem(Role.EDITOR, false)).toMatch(/needs a department/);
    for (const role of [Role.REVIEWER, Role.AUDITOR, Role.ADMIN]) {
      expect(tokenDepartmentProblem(role, false)).toBeUndefined();
      expect(tokenDepartmentProblem(role, true)).toMatch(/has no department/);
    }
    expect(tokenDepartmentProblem(Role.REVIEWER, true)).toBe('a REVIEWER token has no department');
    expect(tokenDepartmentProblem(Role.AUDITOR, true)).toBe('an AUDITOR token has no department');
    expect(tokenDepartmentProblem(Role.ADMIN, true)).toBe('an ADMIN token has no department');
  });
});
