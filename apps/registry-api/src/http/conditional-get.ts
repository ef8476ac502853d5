import type { Request } from 'express';

/**
 * Whether a GET or HEAD may be answered 304 Not Modified (RFC 9110 §13.1): If-None-Match, when
 * present, decides alone (weak comparison, a list or `*`); otherwise If-Modified-Since, to the
 * second. Unlike Express's `req.fresh`, a request's `Cache-Control: no-cache` does not prevent it:
 * that directive speaks to caches; the origin still answers a conditional request (Node's fetch
 * sends it with every conditional request).
 */
export function notModified(req: Request, etag: string, lastModified: Date | null): boolean {
  const noneMatch = req.headers['if-none-match'];
  if (noneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return (
      noneMatch.trim() === '*' || noneMatch.split(',').some((tag) => opaque(tag) === opaque(etag))
    );
  }
  const since = req.headers['if-modified-since'];
  if (since === undefined || lastModified === null) return false;
  const sinceMs = Date.parse(since);
  return !Number.isNaN(sinceMs) && Math.floor(lastModified.getTime() / 1000) * 1000 <= sinceMs;
}
