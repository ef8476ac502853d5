/**
 * Error codes meaning "PostgreSQL cannot be reached now", not "this statement is wrong": network
 * errors of the driver, and SQLSTATE classes 08 (connection exception), 53300 (too many
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

/** node-postgres's own messages for a lost or impossible connection (they carry no code). */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Cannot use a pool after calling end on the pool)/;

/**
 * Whether an error (or the driver error or cause it wraps: TypeORM's QueryFailedError, an
 * AggregateError of connection attempts) means the database is unavailable.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, driverError, cause, errors } = error as Record<string, unknown>;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(driverError ?? cause, depth + 1);
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
