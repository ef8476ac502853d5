import type { RequestHandler } from 'express';

/** A site page's path below a language with trailing slashes (`/sv/entries/x/`), not `/sv/`. */
const TRAILING = /^(\/(?:sv|en)\/.*[^/])\/+$/;

/**
 * One address per page: `/sv/entries/<slug>/` moves (301) to `/sv/entries/<slug>`, query kept.
 * The router matches both, and a journalist would otherwise cite two addresses of one entry
 * (and a CDN keep two copies). A language's home stays `/sv/`, the address the site links to.
 */
export function siteTrailingSlashRedirect(): RequestHandler {
  return (req, res, next) => {
    const match = (req.method === 'GET' || req.method === 'HEAD') && TRAILING.exec(req.path);
    if (!match) {
      next();
      return;
    }
    const query = req.originalUrl.indexOf('?');
    res.redirect(301, match[1] + (query === -1 ? '' : req.originalUrl.slice(query)));
  };
}
