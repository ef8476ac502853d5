import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { sendSiteMethodNotAllowed } from './site-plain-pages';

const READ = ['GET', 'HEAD'];
const FORM = ['GET', 'HEAD', 'POST'];

/**
 * The site's addresses and the methods each takes: the pages read (GET, HEAD); the concern forms
 * (SiteConcernsController's POST routes) are sent too. Keep in step with the site's controllers.
 * The API's own routes (/graphql, /exports, /signs, /health, …) are none of these.
 */
const SITE_PATHS: [RegExp, string[]][] = [
  [/^\/(?:sv|en)\/entries\/[^/]+\/concerns(?:\/new)?$/, FORM],
  [/^\/(?:sv|en)\/concerns\/(?:track|erase|receipt)$/, FORM],
  [/^\/(?:sv|en)(?:\/.*)?$/, READ],
  [/^\/(?:entries\/[^/]+|concerns\/(?:track|erase)|assets\/[^/]+)?$/, READ],
];

/** The methods a site address takes, or undefined for an address that is not the site's. */
export function siteMethodsOf(path: string): string[] | undefined {
  return SITE_PATHS.find(([pattern]) => pattern.test(path))?.[1];
}

/**
 * Another method on a site address (PUT, DELETE, PATCH; POST to a page that is only read): 405
 * Method Not Allowed with the `Allow` header, instead of the framework's JSON 404. A browser
 * gets the site's plain page in the address's language; anything else a JSON error of the
 * framework's shape. OPTIONS goes on (CORS preflight, the framework's answer).
 */
export function siteMethodNotAllowed(log: Logger): RequestHandler {
  return (req, res, next) => {
    const allowed = req.method === 'OPTIONS' ? undefined : siteMethodsOf(req.path);
    if (!allowed || allowed.includes(req.method)) {
      next();
      return;
    }
    log.info(
      { method: req.method, path: req.path, status: 405 },
      'site request refused: method not allowed',
    );
    res.setHeader('Allow', allowed.join(', '));
    if (sendSiteMethodNotAllowed(req, res)) return;
    res.status(405).setHeader('Cache-Control', 'no-store');
    res.json({
      statusCode: 405,
      message: `${req.method} is not allowed here; this address takes ${allowed.join(', ')}`,
      error: 'Method Not Allowed',
    });
  };
}
