import {
  ADMIN_TOKEN_WARNING_DAYS,
  adminTokenWarning,
  adminTokenWarningMessage,
  endsWithinWarningDays,
} from './admin-token-expiry';
import { Role } from './role';

const DAY = 24 * 60 * 60_000;
const now = new Date('2026-11-30T12:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY);
const token = (expiresAt: Date | null, role: Role = Role.ADMIN, revokedAt: Date | null = null) => ({
  role,
  expiresAt,
  revokedAt,
});

describe('the admin token warning', () => {
  it('says nothing while a live ADMIN token has no end date', () => {
    expect(adminTokenWarning([token(inDays(2)), token(null)], now)).toBeNull();
  });

  it('says nothing while a live ADMIN token ends after the warning days', () => {
    expect(adminTokenWarning([token(inDays(3)), token(inDays(15))], now)).toBeNull();
    expect(
      adminTokenWarning([token(new Date(inDays(ADMIN_TOKEN_WARNING_DAYS).getTime() + 1))], now),
    ).toBeNull();
  });

  it('warns when every live ADMIN token ends within the warning days', () => {
    const warning = adminTokenWarning(
      [token(inDays(10)), token(inDays(ADMIN_TOKEN_WARNING_DAYS)), token(inDays(-1))],
      now,
    );
    expect(warning).toEqual({
      state: 'ending',
      liveAdminTokens: 2,
      soonestEndsAt: inDays(10),
      lastEndsAt: inDays(ADMIN_TOKEN_WARNING_DAYS),
    });
    expect(adminTokenWarningMessage(warning!)).toBe(
      'every live ADMIN token ends within 14 days, the last at 2026-12-14T12:00:00.000Z: create one (npm run cli -- token:create --role ADMIN …) before then, or no one can administer the registry',
    );
  });

  it('counts only live ADMIN tokens: other roles, revoked and ended ones do not hold it off', () => {
    expect(
      adminTokenWarning(
        [
          token(inDays(5)),
          token(null, Role.AUDITOR),
          token(null, Role.ADMIN, inDays(-3)),
          token(inDays(100), Role.ADMIN, inDays(-3)),
        ],
        now,
      ),
    ).toMatchObject({ state: 'ending', liveAdminTokens: 1, lastEndsAt: inDays(5) });
  });

  it('warns when every ADMIN token has ended, and not on a register that never had one', () => {
    const warning = adminTokenWarning([token(inDays(-2)), token(now)], now);
    expect(warning).toEqual({ state: 'ended', liveAdminTokens: 0, lastEndedAt: now });
    expect(adminTokenWarningMessage(warning!)).toBe(
      'no live ADMIN token: the last ended at 2026-11-30T12:00:00.000Z; create one (npm run cli -- token:create --role ADMIN …), or no one can administer the registry',
    );
    expect(adminTokenWarning([], now)).toBeNull();
    expect(adminTokenWarning([token(null, Role.EDITOR)], now)).toBeNull();
  });

  it('marks a token ending within the warning days, not one without an end or already ended', () => {
    expect(endsWithinWarningDays(inDays(1), now)).toBe(true);
    expect(endsWithinWarningDays(inDays(ADMIN_TOKEN_WARNING_DAYS), now)).toBe(true);
    expect(endsWithinWarningDays(inDays(15), now)).toBe(false);
    expect(endsWithinWarningDays(null, now)).toBe(false);
    expect(endsWithinWarningDays(now, now)).toBe(false);
  });
});
