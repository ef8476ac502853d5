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
  const sinceMs = httpDateMs(since);
  // Ignored unless an HTTP-date no later than now (RFC 9110 §13.1.3): a date in the future, or
  // `2100`, which Date.parse reads happily, would keep a client on a stale copy.
  if (sinceMs === null || sinceMs > Date.now()) return false;
  return Math.floor(lastModified.getTime() / 1000) * 1000 <= sinceMs;
}

/**
 * Whether the second of `lastModified` is over at `now`: only then may it be a Last-Modified
 * validator (RFC 9110 §8.8.2.2). A later change falls in a later second, so the HTTP-date
 * (whole seconds) changes with it.
 */
export function secondIsOver(lastModified: Date | null, now: Date): lastModified is Date {
  return (
    lastModified !== null &&
    Math.floor(lastModified.getTime() / 1000) < Math.floor(now.getTime() / 1000)
  );
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must still accept. */
const HTTP_DATE = new RegExp(
  `^(?:${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT|${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT|${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4})$`,
);

/** The time of an HTTP-date (RFC 9110 §5.6.7) in milliseconds, or null for anything else. */
export function httpDateMs(value: string): number | null {
  const text = value.trim();
  if (!HTTP_DATE.test(text)) return null;
  // asctime carries no zone: it is GMT.
  const ms = Date.parse(/GMT$/.test(text) ? text : `${text} GMT`);
  return Number.isNaN(ms) ? null : ms;
}
