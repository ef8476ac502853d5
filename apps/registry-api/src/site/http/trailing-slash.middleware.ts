import type { RequestHandler } from 'express';

/** A site page's path below a language with trailing slashes (`/sv/entries/x/`), not `/sv/`. */
const TRAILING = /^(\/(?:sv|en)\/.*[^/])\/+$/;
/**
 * The public files and pages outside the languages (`/exports/entries.csv/`, `/signs/x.svg/`,
 * `/exports/`, `/robots.txt/`, `/health/`): their first segment named, so that the address moved to stays on this site.
 */
const TRAILING_OUTSIDE_LANGUAGES =
  /^(\/(?:exports|signs|open-data|entries|concerns|assets|schema\.gql|sitemaps|health|robots\.txt|sitemap\.xml|favicon\.ico|graphql\/schema\.graphql|\.well-known\/security\.txt)(?:\/.*[^/])?)\/+$/;
/** A language's home without its slash (`/sv`), or with more than one (`/sv//`). */
const HOME = /^(\/(?:sv|en))(?:|\/{2,})$/;

/**
 * One address per page: `/sv/entries/<slug>/` moves (301) to `/sv/entries/<slug>`, query kept.
 * The router matches both, and a journalist would otherwise cite two addresses of one entry
 * (and a CDN keep two copies). A language's home is `/sv/`, the address the site links to:
 * `/sv` moves there.
 */
export function siteTrailingSlashRedirect(): RequestHandler {
  return (req, res, next) => {
    const reading = req.method === 'GET' || req.method === 'HEAD';
    const page = reading
      ? (TRAILING.exec(req.path) ?? TRAILING_OUTSIDE_LANGUAGES.exec(req.path))
      : null;
    const home = reading && !page ? HOME.exec(req.path) : null;
    if (!page && !home) {
      next();
      return;
    }
    const query = req.originalUrl.indexOf('?');
    const to = page ? page[1] : `${home![1]}/`;
    res.redirect(301, to + (query === -1 ? '' : req.originalUrl.slice(query)));
  };
}
