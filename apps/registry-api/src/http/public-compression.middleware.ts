import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';
import { beforeHeadersSent } from './before-headers-sent';

/**
 * Compresses (br, gzip) what a shared cache may keep: the site's pages, its assets, the schema,
 * feeds and exports (`Cache-Control: public`), a quarter of the bytes for readers on slow links.
 * Never an answer that is private, no-store or sets a cookie: GraphQL, the forms with their CSRF
 * token, the tracking page, a token holder's answers. Those hold secrets next to text a caller
 * chose, and compressing both together lets the sizes tell the secret (BREACH). Must come before
 * `cacheHeadersMiddleware`, whose forced `private, no-store` is then set before this looks.
 */
export function publicCompression(): RequestHandler {
  const compress = compression({
    filter: (req: Request, res: Response) =>
      req.headers.authorization === undefined &&
      sharedCacheable(res) &&
      compression.filter(req, res),
  });
  return (req, res, next) => {
    weakenEtagWhenEncodingVaries(res);
    compress(req, res, next);
  };
}

/**
 * A strong ETag names one representation byte for byte (RFC 9110 §8.8.1), and the gzip, br and
 * identity bodies of one page are three: a cache that joined ranges of them under one strong tag
 * would corrupt the page. So an answer whose encoding varies (compression says `Vary:
 * Accept-Encoding`, on the 200s of every encoding and on the 304s) gets the weak form of its
 * tag, the same for all of them; the 304 checks compare weakly, as RFC 9110 says for GET, so a
 * copy kept under the strong tag still revalidates. Hooked before compression's own hook, so
 * it runs after it, when `Vary` is set.
 */
function weakenEtagWhenEncodingVaries(res: Response): void {
  beforeHeadersSent(res, (answer) => {
    const etag = answer.getHeader('ETag');
    const vary = answer.getHeader('Vary');
    if (
      typeof etag === 'string' &&
      etag.startsWith('"') &&
      typeof vary === 'string' &&
      /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary)
    )
      answer.setHeader('ETag', `W/${etag}`);
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
