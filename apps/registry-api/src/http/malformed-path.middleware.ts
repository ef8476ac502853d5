import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { sendSiteBadAddress } from '../site/http/site-plain-pages';

/**
 * Refuses an address whose path or query string is not valid percent-encoded UTF-8 (`%E0`,
 * `%ED%A0%80`; in a path also `%ZZ`) with a plain 400, before any route decodes it: the router
 * would otherwise answer with its own JSON, echoing the bytes, and a query string would reach
 * the page as replacement characters ("���" in a search box). Nothing in the registry has such
 * an address. A `%` in a query string that starts no escape (`?q=100%`) is kept as typed, as
 * browsers and URLSearchParams keep it. A browser on a site page (`/sv/…`, `/en/…`) gets a short
 * page in that language instead.
 */
export function malformedPathGuard(log: Logger): RequestHandler {
  return (req, res, next) => {
    const at = req.originalUrl.indexOf('?');
    const query = at === -1 ? '' : req.originalUrl.slice(at + 1);
    if (decodes(req.path) && decodes(query.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'))) {
      next();
      return;
    }
    log.info({ client: req.ip }, 'request refused: undecodable address');
    if (sendSiteBadAddress(req, res)) return;
    res
      .status(400)
      .type('text/plain; charset=utf-8')
      .send('Bad request: the address is not valid percent-encoded UTF-8.\n');
  };
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
