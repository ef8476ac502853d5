import type { Request, RequestHandler } from 'express';
import { ReadRouting } from '@insyn/database';

/**
 * Public reads may be served by the read replica (DATABASE_READ_URL): requests without an
 * Authorization header that read (GET and HEAD: the site, feeds, exports; and POST /graphql or
 * /graphql/,
 * where readRoutingPlugin sends mutations to the primary before they run). Everything else, and
 * every request of a token holder (staff read what they just wrote, also across requests), uses
 * the primary; so does `/health`, which checks the primary. Within a public request the first
 * write moves its remaining reads to the primary (ReadRouting).
 */
export function publicReadsMiddleware(
  routing: ReadRouting,
  isGraphqlEndpoint: (path: string) => boolean,
): RequestHandler {
  return (req, _res, next) => {
    if (mayReadReplica(req, isGraphqlEndpoint)) routing.runOnReplica(next);
    else next();
  };
}

function mayReadReplica(req: Request, isGraphqlEndpoint: (path: string) => boolean): boolean {
  if (req.headers.authorization !== undefined) return false;
  if (req.path === '/health' || req.path.startsWith('/health/')) return false;
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  return req.method === 'POST' && isGraphqlEndpoint(req.path);
}
