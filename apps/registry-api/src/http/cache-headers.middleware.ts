import type { RequestHandler } from 'express';
import { beforeHeadersSent } from './before-headers-sent';

/**
 * What shared caches (a CDN in front of several API processes) may keep. The site, feeds and
 * exports say so themselves (`public` with an ETag); here:
 * - GraphQL answers are never stored (`no-store`): their content depends on the caller's token,
 *   and POST is not cached anyway; `Vary: Authorization` for any cache that ignores no-store.
 * - The answer to any request with an Authorization header is `private, no-store`, whatever
 *   its handler set: a token holder's answer is never kept for others.
 */
export function cacheHeadersMiddleware(graphqlPath: string): RequestHandler {
  return (req, res, next) => {
    // Apollo is mounted with app.use, so it answers at every path under /graphql too
    // (`/graphql/`, `/graphql/.`, `/graphql/x?query=…`). The explorer's page and assets and
    // the schema, served there by the site's controllers, set their own Cache-Control over this.
    if (req.path === graphqlPath || req.path.startsWith(`${graphqlPath}/`)) {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Vary', 'Authorization');
    }
    // Set as the headers are sent, over whatever a handler set before.
    if (req.headers.authorization !== undefined)
      beforeHeadersSent(res, (answer) => answer.setHeader('Cache-Control', 'private, no-store'));
    next();
  };
}
