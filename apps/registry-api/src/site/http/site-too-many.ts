import type { Request, Response } from 'express';
import { escapeXml } from '../feeds/atom-feed';
import { isSiteLanguage, LOCALES } from '../i18n/messages';

/**
 * A browser's page of the site over the API's HTTP rate limit (many readers behind one address:
 * a school, a library): a short page in the page's language, saying when to try again, instead
 * of the API's JSON error. Returns false for anything else (GraphQL, feeds, the GeoJSON,
 * scripts), which keep the JSON error. Static text only, no stylesheet or script: it is sent
 * before any route, and must stay cheap under a flood.
 */
export function sendSiteTooMany(req: Request, res: Response, retryAfterSeconds: number): boolean {
  const lang = /^\/([a-z]{2})(?:\/|$)/.exec(req.path)?.[1];
  // Browsers ask for text/html when they open a page; feed readers and scripts do not.
  if (!isSiteLanguage(lang) || !/\btext\/html\b/.test(req.headers.accept ?? '')) return false;
  const t = LOCALES[lang].t;
  const title = t.errors.tooManyRequestsTitle;
  const html =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeXml(`${title} – ${t.siteName}`)}</title></head><body><main>` +
    `<h1>${escapeXml(title)}</h1>` +
    `<p>${escapeXml(t.errors.tooManyRequests(retryAfterSeconds))}</p>` +
    `<p><a href="/${lang}/">${escapeXml(t.nav.home)}</a></p>` +
    `</main></body></html>`;
  res.status(429).setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
  return true;
}
