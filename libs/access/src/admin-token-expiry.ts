import { Logger } from 'pino';
import { DAILY_CHECK_DEFAULTS, DailyCheck, DailyCheckOptions } from '@insyn/observability';
import { DataSource } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity';
import { Role } from './role';

/** How long before the last live ADMIN token ends the operators are warned (and token:list marks). */
export const ADMIN_TOKEN_WARNING_DAYS = 14;
const DAY_MS = 24 * 60 * 60_000;

/** What the admin token warning needs of a token. */
export type AdminTokenTerm = Pick<ApiTokenEntity, 'role' | 'expiresAt' | 'revokedAt'>;

/** Why operators are warned: the ADMIN tokens are about to run out, or have. */
export type AdminTokenWarning =
  | { state: 'ending'; liveAdminTokens: number; soonestEndsAt: Date; lastEndsAt: Date }
  | { state: 'ended'; liveAdminTokens: 0; lastEndedAt: Date };

/** Whether a token's end date is in the future but within ADMIN_TOKEN_WARNING_DAYS of `now`. */
export function endsWithinWarningDays(expiresAt: Date | null, now: Date): boolean {
  if (!expiresAt) return false;
  const left = expiresAt.getTime() - now.getTime();
  return left > 0 && left <= ADMIN_TOKEN_WARNING_DAYS * DAY_MS;
}

/**
 * The warning, or null: `ending` when there are live ADMIN tokens (not revoked, not ended), none
 * without an end date, and the last of them ends within ADMIN_TOKEN_WARNING_DAYS; `ended` when
 * none is live but some unrevoked ADMIN token has ended (a register that never had one is not
 * warned of: the first is made with the CLI). An ADMIN token cannot be revoked while it is the
 * last live one, so ending is how the registry runs out of them.
 */
export function adminTokenWarning(
  tokens: readonly AdminTokenTerm[],
  now: Date,
): AdminTokenWarning | null {
  const admin = tokens.filter((t) => t.role === Role.ADMIN && !t.revokedAt);
  const live = admin.filter((t) => !t.expiresAt || t.expiresAt.getTime() > now.getTime());
  if (!live.length) {
    const ends = admin.map((t) => t.expiresAt!.getTime());
    return ends.length
      ? { state: 'ended', liveAdminTokens: 0, lastEndedAt: new Date(Math.max(...ends)) }
      : null;
  }
  if (live.some((t) => !t.expiresAt)) return null;
  const ends = live.map((t) => t.expiresAt!.getTime());
  const last = Math.max(...ends);
  if (!endsWithinWarningDays(new Date(last), now)) return null;
  return {
    state: 'ending',
    liveAdminTokens: live.length,
    soonestEndsAt: new Date(Math.min(...ends)),
    lastEndsAt: new Date(last),
  };
}

const CREATE = 'npm run cli -- token:create --role ADMIN …';

/** The log line's message (no token's label, prefix or id: those are for token:list). */
export function adminTokenWarningMessage(warning: AdminTokenWarning): string {
  return warning.state === 'ending'
    ? `every live ADMIN token ends within ${ADMIN_TOKEN_WARNING_DAYS} days, the last at ${warning.lastEndsAt.toISOString()}: create one (${CREATE}) before then, or no one can administer the registry`
    : `no live ADMIN token: the last ended at ${warning.lastEndedAt.toISOString()}; create one (${CREATE}), or no one can administer the registry`;
}

/** The warning for the registry's ADMIN tokens now (one statement; never a secret). */
export async function checkAdminTokens(
  dataSource: DataSource,
  now = new Date(),
): Promise<AdminTokenWarning | null> {
  const tokens = await dataSource.getRepository(ApiTokenEntity).find({
    select: { role: true, expiresAt: true, revokedAt: true },
    where: { role: Role.ADMIN },
  });
  return adminTokenWarning(tokens, now);
}

/** Checks the ADMIN tokens and logs the warning at warn; returns it (null: nothing to say). */
export async function warnOfAdminTokens(
  dataSource: DataSource,
  log: Pick<Logger, 'warn'>,
  now = new Date(),
): Promise<AdminTokenWarning | null> {
  const warning = await checkAdminTokens(dataSource, now);
  if (warning) {
    const { state, liveAdminTokens } = warning;
    log.warn(
      {
        adminTokens: state,
        liveAdminTokens,
        ...(state === 'ending'
          ? {
              soonestEndsAt: warning.soonestEndsAt.toISOString(),
              lastEndsAt: warning.lastEndsAt.toISOString(),
            }
          : { lastEndedAt: warning.lastEndedAt.toISOString() }),
      },
      adminTokenWarningMessage(warning),
    );
  }
  return warning;
}

export type AdminTokenWatchOptions = DailyCheckOptions;
export const ADMIN_TOKEN_WATCH_DEFAULTS = DAILY_CHECK_DEFAULTS;

/**
 * The daily check of the ADMIN tokens, in the background work's process (the indexer, or
 * `npm start`): the warning at warn level while it holds; nothing while all is well. A check
 * that could not run is logged at warn and tried again after `retryAfterMs`.
 */
export class AdminTokenWatch {
  private readonly daily: DailyCheck;

  constructor(
    private readonly dataSource: DataSource,
    private readonly watchOptions: AdminTokenWatchOptions,
  ) {
    this.daily = new DailyCheck('admin token check', () => this.checkNow(), watchOptions);
  }

  start(): void {
    this.daily.start();
  }

  stop(): Promise<void> {
    return this.daily.stop();
  }

  /** Checks now, logging the warning if there is one; a check that cannot run rejects. */
  checkNow(): Promise<AdminTokenWarning | null> {
    return warnOfAdminTokens(this.dataSource, this.watchOptions.log);
  }
}
