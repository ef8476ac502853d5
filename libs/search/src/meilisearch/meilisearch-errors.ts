import {
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
} from './meilisearch-sdk';
import { SearchTaskTimeoutError } from '../search-tasks';

/**
 * The API error behind an error from the client, if Meilisearch answered at all. (The client
 * wraps whatever a custom transport throws into a `MeilisearchRequestError`.)
 */
export function meilisearchApiErrorOf(error: unknown): MeilisearchApiError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof MeilisearchApiError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Meilisearch's error code (`index_not_found`, `invalid_api_key`, …) when it answered. */
export function meilisearchErrorCode(error: unknown): string | undefined {
  return meilisearchApiErrorOf(error)?.cause?.code;
}

/** Whether the error came from talking to Meilisearch (the client wraps what its transport throws). */
export function isFromSearchClient(error: unknown): boolean {
  return (
    error instanceof MeilisearchRequestError ||
    error instanceof MeilisearchRequestTimeOutError ||
    error instanceof MeilisearchTaskTimeOutError ||
    error instanceof SearchTaskTimeoutError ||
    meilisearchApiErrorOf(error) !== undefined
  );
}

/**
 * Whether an error means "Meilisearch is not reachable or not answering now" — retry later,
 * the request itself was fine — as opposed to Meilisearch refusing the request.
 */
export function isSearchUnavailableError(error: unknown): boolean {
  if (error instanceof MeilisearchRequestTimeOutError) return true;
  if (error instanceof MeilisearchTaskTimeOutError) return true;
  if (error instanceof SearchTaskTimeoutError) return true;
  const api = meilisearchApiErrorOf(error);
  if (api) return api.response.status >= 500 || [401, 403, 408, 429].includes(api.response.status);
  if (error instanceof MeilisearchRequestError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code); // ECONNREFUSED, ECONNRESET, …
}

/**
 * Whether the request never reached a Meilisearch that answers: the connection was refused,
 * reset or cut (a restart of a few hundred milliseconds looks like this). Worth trying again
 * at once, unlike a timeout, which has already spent its time.
 */
export function isSearchConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof MeilisearchRequestTimeOutError || meilisearchApiErrorOf(current))
      return false;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** A short description for logs and the outbox's last_error (never a key or a request body). */
export function describeSearchError(error: unknown): string {
  const api = meilisearchApiErrorOf(error);
  if (api) return `${api.cause?.code ?? api.response.status}: ${api.message}`.slice(0, 500);
  if (error instanceof MeilisearchRequestTimeOutError) return error.message;
  if (error instanceof MeilisearchRequestError) {
    const cause = error.cause as { code?: string; message?: string } | undefined;
    return `request failed: ${cause?.code ?? cause?.message ?? 'unknown'}`;
  }
  return error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500);
}

/** Meilisearch does not accept our key (deleted, or the master key changed). */
export function isSearchAuthError(error: unknown): boolean {
  const status = meilisearchApiErrorOf(error)?.response.status;
  return status === 401 || status === 403;
}

/** Meilisearch answered that the request itself is wrong (4xx other than auth and throttling). */
export function isSearchRequestRejected(error: unknown): boolean {
  const status = meilisearchApiErrorOf(error)?.response.status;
  return status !== undefined && status >= 400 && status < 500 && !isSearchUnavailableError(error);
}

/**
 * Why talking to Meilisearch failed, in a few words for an operator: `HTTP 401, invalid_api_key`,
 * `no answer within 2 s`, `connection refused`, `ECONNRESET`. Never the request's address.
 */
export function searchFailureReason(error: unknown): string {
  const api = meilisearchApiErrorOf(error);
  if (api) return `HTTP ${api.response.status}${api.cause?.code ? `, ${api.cause.code}` : ''}`;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof MeilisearchRequestTimeOutError)
      return `no answer within ${current.cause.timeout / 1000} s`;
    if (current instanceof MeilisearchTaskTimeOutError || current instanceof SearchTaskTimeoutError)
      return 'a task it was given did not finish in time';
    const code = (current as { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'the request failed';
}
