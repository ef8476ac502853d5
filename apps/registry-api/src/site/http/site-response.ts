import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** How long shared caches and browsers may keep a kind of answer. */
export type CachePolicy = 'page' | 'asset' | 'versioned-asset' | 'none';

const CACHE_CONTROL: Record<CachePolicy, string> = {
  // A news spike is served from caches for a minute, then revalidated with the ETag (304).
  page: 'public, max-age=60, stale-while-revalidate=30',
  asset: 'public, max-age=300',
  // URLs that carry the content's hash never change.
  'versioned-asset': 'public, max-age=31536000, immutable',
  none: 'no-store',
};

/** The Cache-Control of a kind of answer. */
export function siteCacheControl(policy: CachePolicy): string {
  return CACHE_CONTROL[policy];
}

/** A strong ETag of a body. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** Whether the request's If-None-Match names this ETag (weak comparison, as RFC 9110 says for GET). */
export function notModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/**
 * Sends a site answer: Cache-Control, an ETag, and 304 Not Modified when the reader's copy is
 * current. Only answers with status 200 get an ETag. (The security headers, CSP included, are
 * set for every response in one place: http/security-headers.middleware.ts.)
 */
export function sendSite(
  req: Request,
  res: Response,
  answer: { body: string | Buffer; type: string; cache: CachePolicy; status?: number },
): void {
  const status = answer.status ?? 200;
  res.setHeader('Cache-Control', CACHE_CONTROL[answer.cache]);
  res.setHeader('Content-Type', answer.type);
  if (status === 200 && answer.cache !== 'none') {
    const etag = etagOf(answer.body);
    res.setHeader('ETag', etag);
    if (notModified(req, etag)) {
      res.status(304).end();
      return;
    }
  }
  res.status(status).send(answer.body);
}

/** A redirect from the site (language choice, id to slug). */
export function redirectSite(
  res: Response,
  location: string,
  options: { status: 301 | 302 | 303; cache: CachePolicy; vary?: string },
): void {
  res.setHeader('Cache-Control', CACHE_CONTROL[options.cache]);
  if (options.vary) res.setHeader('Vary', options.vary);
  // Not res.redirect(): it negotiates a body and adds `Vary: Accept`.
  res.status(options.status).setHeader('Location', location);
  res.end();
}
