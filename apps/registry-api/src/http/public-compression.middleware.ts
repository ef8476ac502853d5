import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Compresses (br, gzip) what a shared cache may keep: the site's pages, its assets, the schema,
 * feeds and exports (`Cache-Control: public`), a quarter of the bytes for readers on slow links.
 * Never an answer that is private, no-store or sets a cookie: GraphQL, the forms with their CSRF
 * token, the tracking page, a token holder's answers. Those hold secrets next to text a caller
 * chose, and compressing both together lets the sizes tell the secret (BREACH). Must come before
 * `cacheHeadersMiddleware`, whose forced `private, no-store` is then set before this looks.
 */
export function publicCompression(): RequestHandler {
  return compression({
    filter: (req: Request, res: Response) =>
      req.headers.authorization === undefined &&
      sharedCacheable(res) &&
      compression.filter(req, res),
  });
}

function sharedCacheable(res: Response): boolean {
  const cacheControl = res.getHeader('Cache-Control');
  return (
    typeof cacheControl === 'string' &&
    /(?:^|,)\s*public\s*(?:,|$)/i.test(cacheControl) &&
    res.getHeader('Set-Cookie') === undefined
  );
}
