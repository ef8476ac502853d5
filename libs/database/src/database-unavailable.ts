/**
 * Error codes meaning "PostgreSQL cannot be reached now", not "this statement is wrong": network
 * errors of the driver, SQLSTATE classes 08 (connection exception), 53300 (too many
 * connections) and 57P01–57P03 (shutting down, crashed, starting up).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  '57P01',
  '57P02',
  '57P03',
]);

/**
 * A new connection refused for good until an operator acts: 28000 and 28P01 (the role or its
 * password refused), 3D000 (no such database), and CONNECT revoked (42501 with this message; a
 * statement's 42501, a missing GRANT, stays a fault). Not retried at start (database-preflight
 * stops with one line); once running, answered as the database being unavailable.
 */
const REFUSED_CODES = new Set(['28000', '28P01', '3D000']);
const REFUSED_MESSAGE = /^permission denied for database /;

/** Whether PostgreSQL refused a new connection (see REFUSED_CODES), or an error it wraps. */
export const isConnectionRefused = (error: unknown): boolean =>
  someErrorWithin(error, REFUSED_CODES, REFUSED_MESSAGE);

/**
 * Whether a request failed because the registry's database cannot serve it now, whatever the
 * reason (unreachable, or refusing this registry's connections): SERVICE_UNAVAILABLE, a 503 page.
 */
export const isDatabaseOutOfService = (error: unknown): boolean =>
  isDatabaseUnavailable(error) || isConnectionRefused(error);

/** node-postgres's own messages for a lost or impossible connection (they carry no code). */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Cannot use a pool after calling end on the pool)/;

/**
 * Whether an error (or the driver error or cause it wraps: TypeORM's QueryFailedError, an
 * AggregateError of connection attempts) means the database is unavailable.
 */
export const isDatabaseUnavailable = (error: unknown): boolean =>
  someErrorWithin(error, UNAVAILABLE_CODES, UNAVAILABLE_MESSAGES);

/**
 * Whether the error, or one it wraps (driverError, cause, an AggregateError's errors), has one of
 * these codes or a message matching `messages`.
 */
function someErrorWithin(
  error: unknown,
  codes: ReadonlySet<string>,
  messages: RegExp,
  depth = 0,
): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, driverError, cause, errors } = error as Record<string, unknown>;
  if (typeof code === 'string' && codes.has(code)) return true;
  if (typeof message === 'string' && messages.test(message)) return true;
  const within = (e: unknown) => someErrorWithin(e, codes, messages, depth + 1);
  if (Array.isArray(errors) && errors.some(within)) return true;
  return within(driverError ?? cause);
}

/** pg-pool's error for a caller that waited connectionTimeoutMillis while every connection was busy. */
const POOL_EXHAUSTED_MESSAGE = 'timeout exceeded when trying to connect';

/**
 * Whether an error (or one it wraps) is a pool's acquire timeout: every connection stayed busy
 * for DATABASE_POOL_TIMEOUT_SECONDS (too much load, or a fault such as a transaction waiting for
 * a second connection of its own pool). One case of isDatabaseUnavailable.
 */
export function isPoolExhausted(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { message, driverError, cause } = error as Record<string, unknown>;
  if (message === POOL_EXHAUSTED_MESSAGE) return true;
  return isPoolExhausted(driverError ?? cause, depth + 1);
}

/** What LoopFailureLog needs of a logger (pino's fits). */
export interface LoopLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/**
 * How long the database may stay out of reach before a loop says so at error: a restart of an
 * embedded PostgreSQL by its supervisor, or a failover, is over within seconds and is no matter
 * for an operator; an outage that lasts is.
 */
export const OUTAGE_ERROR_AFTER_MS = 30_000;

/**
 * How a background loop that retries (the search indexer, the concerns worker) logs a failed
 * round. The database out of reach is one fact, not one per retry: its start is logged once at
 * warn with its cause and no stack; if it lasts OUTAGE_ERROR_AFTER_MS, once at error (what an
 * operator must look at); its end at info. Anything else is a fault of its own, logged each time
 * with its stack.
 */
export class LoopFailureLog {
  /** When the database was first found out of reach in this outage, if it is. */
  private downSince: number | undefined;
  private toldAtError = false;

  constructor(
    private readonly log: LoopLogger,
    /** The loop, as the messages name it: "search indexer", "concerns worker". */
    private readonly loop: string,
    private readonly now: () => number = Date.now,
  ) {}

  failed(error: unknown): void {
    if (!isDatabaseUnavailable(error)) {
      this.log.error({ err: error }, `${this.loop} error; retrying`);
      return;
    }
    const cause = databaseErrorCause(error);
    if (this.downSince === undefined) {
      this.downSince = this.now();
      this.log.warn({ cause }, `database unavailable; the ${this.loop} retries`);
      return;
    }
    const downMs = this.now() - this.downSince;
    if (!this.toldAtError && downMs >= OUTAGE_ERROR_AFTER_MS) {
      this.toldAtError = true;
      this.log.error(
        { cause, downSeconds: Math.round(downMs / 1000) },
        `database still unavailable after ${Math.round(downMs / 1000)} s; the ${this.loop} retries`,
      );
    }
  }

  /** A round went through: the database is back if it was away. */
  succeeded(): void {
    if (this.downSince !== undefined)
      this.log.info({}, `database reachable again; the ${this.loop} resumes`);
    this.downSince = undefined;
    this.toldAtError = false;
  }
}

/** The driver's code or message of an error, without its stack, for a log line. */
export function databaseErrorCause(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return String(code ?? message ?? error);
}
