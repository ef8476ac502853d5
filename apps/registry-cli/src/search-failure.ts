import {
  isFromSearchClient,
  isSearchAuthError,
  isSearchUnavailableError,
  searchFailureReason,
} from '@insyn/search';

/**
 * What the operator reads when Meilisearch failed a command: what happened and what to check.
 * Not the client's own message, which names the request's path (a key's uid, an index) and, for
 * a timeout, not even that it timed out. Undefined for an error that did not come from Meilisearch.
 */
export function searchFailure(error: unknown, host: string): Error | undefined {
  if (!isFromSearchClient(error)) return undefined;
  const where = `Meilisearch at ${originOf(host)}`;
  const reason = searchFailureReason(error);
  if (isSearchAuthError(error))
    return new Error(`${where} refused the key (${reason}): check MEILI_MASTER_KEY`);
  if (isSearchUnavailableError(error))
    return new Error(
      `${where} is not answering (${reason}): check that it runs and that MEILI_HOST names it, then run the command again`,
    );
  return new Error(`${where} refused a request (${reason}); its log says why`);
}

/** The server's origin: neither credentials nor a path of MEILI_HOST on the terminal. */
function originOf(host: string): string {
  try {
    return new URL(host).origin;
  } catch {
    return 'MEILI_HOST';
  }
}
