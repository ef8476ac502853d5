/** `Authorization: Bearer <token>`, the one form a token of ours comes in. */
const BEARER = /^Bearer +(\S+) *$/i;
/** An Authorization header of the Bearer scheme, well-formed or not. */
const BEARER_SCHEME = /^\s*Bearer(?:\s|$)/i;

/** The token of a well-formed Bearer header, or undefined. */
export const bearerTokenOf = (header: string | undefined): string | undefined =>
  BEARER.exec(header ?? '')?.[1];

/**
 * Whether the header is of the Bearer scheme (a token of ours, well-formed or not), not another
 * scheme's (a proxy's Basic credentials).
 */
export const hasBearerScheme = (header: string | undefined): boolean =>
  header !== undefined && BEARER_SCHEME.test(header);
