import type { Request, Response } from 'express';
import { assetUrls, loadSiteAssets } from '../assets/site-assets';
import { escapeXml } from '../feeds/atom-feed';
import {
  isSiteLanguage,
  LOCALES,
  Messages,
  negotiateLanguage,
  SiteLanguage,
} from '../i18n/messages';

/**
 * Short static pages of the site for answers given outside its controllers, in the reader's
 * language: the site's style sheet, no script, cheap under a flood.
 *
 * A browser's page of the site over the API's HTTP rate limit (many readers behind one address:
 * a school, a library): a short page in the page's language, saying when to try again, instead
 * of the API's JSON error. Returns false for anything else (GraphQL, feeds, the GeoJSON,
 * scripts), which keep the JSON error.
 */
export function sendSiteTooMany(req: Request, res: Response, retryAfterSeconds: number): boolean {
  return sendSitePage(req, res, 429, (t) => [
    t.errors.tooManyRequestsTitle,
    t.errors.tooManyRequests(retryAfterSeconds),
  ]);
}

/**
 * A browser's form post to the site over the body limit (a concern, a tracking or an erasure
 * form, sent by a resident without JavaScript): a short page in the page's language saying the
 * text was too long, instead of the API's JSON. Returns false for anything else (GraphQL,
 * scripts), which keep the JSON PAYLOAD_TOO_LARGE.
 */
export function sendSiteTooLarge(req: Request, res: Response): boolean {
  return sendSitePage(req, res, 413, (t) => [t.errors.tooLargeTitle, t.errors.tooLarge]);
}

/**
 * A browser's form post to the site whose body cannot be read (not UTF-8, fields nested beyond
 * reason, a compression the server does not read): a short page in the page's language asking
 * to send the form again from a fresh page, with the refusal's status, instead of the API's
 * JSON. Returns false for anything else, which keeps the JSON BAD_REQUEST.
 */
export function sendSiteUnreadableForm(req: Request, res: Response, status: number): boolean {
  return sendSitePage(req, res, status, (t) => [
    t.errors.unreadableFormTitle,
    t.errors.unreadableForm,
  ]);
}

/**
 * A browser's site address that is not valid percent-encoded UTF-8 (a link cut off or copied
 * wrongly): a short page in the path's language with a way home, instead of the plain-text
 * refusal scripts get. Returns false for anything else.
 */
export function sendSiteBadAddress(req: Request, res: Response): boolean {
  return sendSitePage(req, res, 400, (t) => [t.errors.badAddressTitle, t.errors.badAddress]);
}

/** A site address that names a file rather than a page: `…/feed.atom`, `…/iot-deployments.geojson`. */
const SITE_FILE = /\.[a-z0-9]+$/i;

/** Whether a site address names a file, read by programs (a feed, the GeoJSON, a sitemap). */
export const namesSiteFile = (path: string): boolean => SITE_FILE.test(path);

/**
 * A refusal page for a browser on a site path (`/sv/…`, `/en/…`), in that language, with a way
 * home; false (nothing sent) for any other request, which keeps the API's JSON error.
 */
function sendSitePage(
  req: Request,
  res: Response,
  status: number,
  text: (t: Messages) => [title: string, message: string],
): boolean {
  const lang = /^\/([a-z]{2})(?:\/|$)/.exec(req.path)?.[1];
  // A file of the site (a feed, the GeoJSON) is read by programs, whatever Accept says.
  if (!isSiteLanguage(lang) || !fromBrowser(req) || SITE_FILE.test(req.path)) return false;
  const t = LOCALES[lang].t;
  const [title, message] = text(t);
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.type('html').send(plainPage(lang, title, message, [[`/${lang}/`, t.nav.home]]));
  return true;
}

/**
 * A browser's address that no route has (`/SV/`, `/se/`, `/de/…`): the site's 404 in the
 * language the path nearly names, else the one the browser prefers, with the ways on, instead
 * of the framework's JSON. Returns false for anything else, which keeps the JSON.
 */
export function sendSiteNotFound(req: Request, res: Response): boolean {
  if (!fromBrowser(req) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const named = /^\/([A-Za-z]{2})(?:\/|$)/.exec(req.path)?.[1].toLowerCase();
  const lang = isSiteLanguage(named) ? named : negotiateLanguage(req.get('accept-language'));
  const t = LOCALES[lang].t;
  res.status(404).setHeader('Cache-Control', 'no-store');
  res.type('html').send(
    plainPage(lang, t.errors.notFoundTitle, t.errors.notFound, [
      [`/${lang}/search`, t.nav.search],
      [`/${lang}/`, t.nav.home],
    ]),
  );
  return true;
}

/**
 * A browser's request with a method a site address does not take (a PUT or DELETE, a POST to a
 * page that is only read): the 405 page in the path's language, else the one the browser
 * prefers. Returns false for anything else, which gets the JSON error. The caller sets `Allow`.
 */
export function sendSiteMethodNotAllowed(req: Request, res: Response): boolean {
  if (!fromBrowser(req)) return false;
  const named = /^\/([a-z]{2})(?:\/|$)/.exec(req.path)?.[1];
  const lang = isSiteLanguage(named) ? named : negotiateLanguage(req.get('accept-language'));
  const t = LOCALES[lang].t;
  res.status(405).setHeader('Cache-Control', 'no-store');
  res
    .type('html')
    .send(
      plainPage(lang, t.errors.methodNotAllowedTitle, t.errors.methodNotAllowed, [
        [`/${lang}/`, t.nav.home],
      ]),
    );
  return true;
}

/** Browsers ask for text/html when they open a page; feed readers and scripts do not. */
const fromBrowser = (req: Request) => /\btext\/html\b/.test(req.headers.accept ?? '');

function plainPage(
  lang: SiteLanguage,
  title: string,
  message: string,
  links: [string, string][],
): string {
  const t = LOCALES[lang].t;
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    // The site's style sheet (cached by the browser): links of a readable size (WCAG 2.5.8).
    `<link rel="stylesheet" href="${stylesheet()}">` +
    `<title>${escapeXml(`${title} – ${t.siteName}`)}</title></head><body><main id="main">` +
    `<h1>${escapeXml(title)}</h1><p>${escapeXml(message)}</p><ul>` +
    links.map(([href, text]) => `<li><a href="${href}">${escapeXml(text)}</a></li>`).join('') +
    `</ul></main><footer><p><a href="/${lang}/accessibility">${escapeXml(t.footer.accessibility)}</a></p></footer></body></html>`
  );
}

let stylesheetUrl: string | undefined;
/** The style sheet's URL with its content hash, as the site's pages link it. */
function stylesheet(): string {
  stylesheetUrl ??= assetUrls(loadSiteAssets()).css;
  return stylesheetUrl;
}
