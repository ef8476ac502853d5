import { domainToASCII } from 'node:url';
import { STRAY_PERCENT, URL_AUTHORITY } from '@insyn/errors';

/** UTF-8 percent-encoding of each character of `text` (upper-case hex, as RFC 3986 prefers). */
const percentEncoded = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');

/**
 * A link as a URI (RFC 3986), for the fields standards type as `uri` (the Dutch register's
 * JSON Schema): an IRI's non-ASCII characters percent-encoded as UTF-8 (RFC 3987, 3.1), a
 * non-ASCII host in its ASCII form (`exämple.se` → `xn--exmple-cua.se`). Links the API refuses
 * since 4 December 2026 (`urlSyntaxProblem`) but may be stored from before are mended the same
 * way: a `%` without two hex digits after it becomes `%25`, `[` and `]` outside the host `%5B`
 * and `%5D`, a second `#` `%23`. An ASCII link without those comes back as it is.
 */
export function asUri(link: string): string {
  const authority = URL_AUTHORITY.exec(link);
  const head = authority ? authority[1] + uriAuthority(authority[2]) : '';
  const rest = link.slice(authority ? authority[0].length : 0);
  const fragmentAt = rest.indexOf('#');
  const beforeFragment = fragmentAt < 0 ? rest : rest.slice(0, fragmentAt);
  const fragment = fragmentAt < 0 ? '' : rest.slice(fragmentAt + 1).replace(/#/g, '%23');
  return head + mended(beforeFragment) + (fragmentAt < 0 ? '' : `#${mended(fragment)}`);
}

/** A part of a link with stray `%`, brackets and non-ASCII characters percent-encoded. */
const mended = (part: string): string =>
  part
    .replace(STRAY_PERCENT, '%25')
    .replace(/[[\]]/g, (c) => (c === '[' ? '%5B' : '%5D'))
    .replace(/[^\p{ASCII}]+/gu, percentEncoded);

/** `user@host:port` with a non-ASCII host in its ASCII form and the rest percent-encoded. */
function uriAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  const userinfo = mended(authority.slice(0, at + 1));
  const hostPort = authority.slice(at + 1);
  // An IPv6 literal keeps its brackets; a port is digits after the last colon.
  const match = /^(\[[^[\]]*\]|[^:]*)(:\d*)?$/.exec(hostPort);
  if (!match) return userinfo + mended(hostPort);
  if (/^\p{ASCII}*$/u.test(match[1])) return userinfo + hostPort;
  const ascii = domainToASCII(match[1]);
  return userinfo + (ascii || percentEncoded(match[1])) + (match[2] ?? '');
}
